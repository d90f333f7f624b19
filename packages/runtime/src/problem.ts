/**
 * RFC 9457 problem+json responses. Every error this runtime produces goes through here, so
 * clients (and Schemathesis) see one error shape whatever went wrong.
 */
import type { ParameterLocation } from './operation-spec';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where a request value came from: a parameter location, or the request body. */
export type IssueLocation = ParameterLocation | 'body';

/** One reason a request was rejected, precise enough for a client to fix the request. */
export interface ValidationIssue {
  readonly in: IssueLocation;
  /**
   * The failing field: the parameter's declared name for parameters; for the body, the
   * dot-joined path of the failing property (`owner.name`, `tags.0`), or `''` for the whole body.
   */
  readonly name: string;
  /** JSON Pointer to the failing value inside the parameter value or the body (`/limit`, `/owner/name`). */
  readonly pointer: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly ValidationIssue[];
}

const TITLES: { readonly [status: number]: string } = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

export function problemResponse(
  status: number,
  detail: string,
  extra: { readonly errors?: readonly ValidationIssue[]; readonly headers?: Readonly<Record<string, string>> } = {},
): Response {
  const body: ProblemDetails = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...extra.headers, 'content-type': PROBLEM_CONTENT_TYPE },
  });
}

/** 400 listing every issue; `detail` names the first so a log line alone is actionable. */
export function validationProblem(issues: readonly ValidationIssue[]): Response {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const detail = first ? `${describeIssue(first)}${more}` : 'The request is invalid';
  return problemResponse(400, detail, { errors: issues });
}

/** `query parameter "limit" must be <= 100`, `body field "owner.name" must be string`. */
export function describeIssue(issue: ValidationIssue): string {
  if (issue.in === 'body') {
    return issue.name === '' ? `request body ${issue.message}` : `body field "${issue.name}" ${issue.message}`;
  }
  return `${issue.in} parameter "${issue.name}" ${issue.message}`;
}
