/**
 * Request serialisation: a RequestCase (values) → an HttpRequest (wire form), the inverse of
 * what @specwright/runtime parses; curl rendering; and small edits for checks that send variants.
 */
export { serializeRequest, type SerializeOptions } from './serialize';
export { toCurl } from './curl';
export { withHeader, withMethod } from './edit';
export { MULTIPART_BOUNDARY } from './multipart';
