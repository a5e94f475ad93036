package io.faas.examples.admin.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The {@code /error} page, in place of Boot's: errors raised outside the controllers (by the
 * servlet container inside the app, a filter, or a {@code sendError}) are answered as
 * {@code application/problem+json} with a plain reason for their status, whatever the request
 * accepts, and never with the exception's message.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // /error asked for directly is not a resource of the API
        int status = code instanceof Integer i && i >= 400 ? i : 404;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        response.reset();
        Problems.write(response, status, Problems.title(status), Problems.reason(status),
                Problems.instance(uri instanceof String s ? s : request.getRequestURI()));
    }
}
