import { PageQuery } from '../../common/pagination/page-query.dto.js';

export class ApiClientListQuery extends PageQuery {}
