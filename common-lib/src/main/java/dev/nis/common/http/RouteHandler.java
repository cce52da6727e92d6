package dev.nis.common.http;

import java.io.IOException;

/**
 * Answers one route. Throwing is fine: {@link ProblemException}, {@link
 * dev.nis.common.domain.ValidationException} and {@link
 * dev.nis.common.application.DependencyUnavailableException} become 4xx/503 problems, anything else
 * a 500 without details.
 */
@FunctionalInterface
public interface RouteHandler {
  Response handle(Request request) throws IOException;
}
