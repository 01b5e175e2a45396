export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export const ACCESS_RULE = 'transferstelle:access-rule';
export const PUBLIC_ROUTE = 'transferstelle:public-route';
export const API_KEY_HEADER = 'x-api-key';
