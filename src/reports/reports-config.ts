/** The reports module's settings (`ReportsModule.forRoot`): config.reports. */
export const REPORTS_CONFIG = Symbol('REPORTS_CONFIG');
