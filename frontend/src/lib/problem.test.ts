import { describe, expect, it } from "vitest";

import { ApiError, toProblem } from "./problem";

describe("problems", () => {
  it("keeps the API's problem as sent", () => {
    const body = { title: "Invalid request", status: 422, detail: "query: Missing ')'", code: "invalid_query", position: 4, length: 1 };
    const error = new ApiError(toProblem(body, 422));
    expect(error.message).toBe("query: Missing ')'");
    expect(error.problem.position).toBe(4);
  });

  it("finds the validation message of a field by the end of its loc", () => {
    const error = new ApiError(
      toProblem(
        {
          title: "Invalid request",
          status: 422,
          detail: "1 invalid field",
          code: "validation_error",
          errors: [{ loc: ["body", "password"], msg: "String should have at least 10 characters", type: "string_too_short" }],
        },
        422,
      ),
    );
    expect(error.fieldError("password")).toBe("String should have at least 10 characters");
    expect(error.fieldError("email")).toBeUndefined();
  });

  it("makes something readable of a non-problem answer", () => {
    expect(toProblem("Bad Gateway", 502, "Bad Gateway")).toMatchObject({ status: 502, detail: "Bad Gateway", code: "unexpected" });
    expect(toProblem(null, 0, "Network error")).toMatchObject({ code: "network" });
  });
});
