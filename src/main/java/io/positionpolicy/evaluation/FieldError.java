package io.positionpolicy.evaluation;

/** One bad field of a request: its JSON path ({@code $.account.equity}) and what is wrong with it. */
public record FieldError(String field, String reason) {
}
