import { QueryCount } from '../../common/validators';
import { ChronologyFilterFields } from './chronology-filters';

export class ChronologyQuery extends ChronologyFilterFields('query') {
  @QueryCount(100_000)
  page?: number;

  @QueryCount(2000)
  pageSize?: number;
}
