package org.surgecare.http.api;

/** Thrown inside a request's processing to end it with a problem response. */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
