import type { CheckName } from './names';
import type { ResponseCheck } from './context';
import { notAServerError } from './not-a-server-error';
import { statusCodeConformance } from './status-code-conformance';
import { contentTypeConformance } from './content-type-conformance';
import { responseHeadersConformance } from './response-headers-conformance';
import { responseSchemaConformance } from './response-schema-conformance';
import { negativeDataRejection } from './negative-data-rejection';
import { positiveDataAcceptance } from './positive-data-acceptance';

/** The checks that judge every exchange on its own. The others send requests of their own. */
export const RESPONSE_CHECKS: ReadonlyArray<readonly [CheckName, ResponseCheck]> = [
  ['not_a_server_error', notAServerError],
  ['status_code_conformance', statusCodeConformance],
  ['content_type_conformance', contentTypeConformance],
  ['response_headers_conformance', responseHeadersConformance],
  ['response_schema_conformance', responseSchemaConformance],
  ['negative_data_rejection', negativeDataRejection],
  ['positive_data_acceptance', positiveDataAcceptance],
];
