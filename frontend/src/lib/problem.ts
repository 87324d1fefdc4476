/** RFC 9457 problem details as the API sends them (app/core/errors.py). */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { loc: (string | number)[]; msg: string; type: string }[];
  // Extra members, e.g. `position` and `length` of an invalid watch query.
  [member: string]: unknown;
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }

  /** The message of the validation issue on `field` (last element of its `loc`), if any. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.loc[e.loc.length - 1] === field)?.msg;
  }
}

/** Turns whatever an API call answered into a Problem people can read. */
export function toProblem(body: unknown, status: number, statusText = ""): Problem {
  if (body && typeof body === "object" && "detail" in body && "status" in body) {
    return body as Problem;
  }
  return {
    title: statusText || "Error",
    status,
    detail: typeof body === "string" && body ? body : statusText || `HTTP ${status}`,
    code: status === 0 ? "network" : "unexpected",
  };
}
