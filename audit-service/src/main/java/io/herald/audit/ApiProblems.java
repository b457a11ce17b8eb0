package io.herald.audit;

import io.herald.audit.search.InvalidSearchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a request the API cannot use with {@code 400 application/problem+json} naming the parameter. */
@RestControllerAdvice
class ApiProblems {

    @ExceptionHandler(InvalidSearchException.class)
    ProblemDetail invalid(InvalidSearchException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("parameter", e.parameter());
        return problem;
    }
}
