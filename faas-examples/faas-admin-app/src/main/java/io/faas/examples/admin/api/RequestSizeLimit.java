package io.faas.examples.admin.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Caps the size of every JSON request body of the API, so that no request is read whole into
 * memory past the cap: 413 at once when {@code Content-Length} says so, or as soon as a body
 * without one passes it. The cap leaves room for a 1 MiB source escaped as JSON; the exact limits
 * (source, event payload) are checked by faas itself. Uploads are capped by the multipart settings.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    /** Largest JSON request body accepted. */
    static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

    /** Largest body of a function write: a package of {@code faas.max-package-size} in base64, and the rest. */
    private final long maxFunctionBodyBytes;

    RequestSizeLimit(@Value("${faas.max-package-size:50MB}") DataSize maxPackageSize) {
        this.maxFunctionBodyBytes = Math.max(MAX_BODY_BYTES, maxPackageSize.toBytes() / 3 * 4 + 4 + MAX_BODY_BYTES);
    }

    /** A function's code may be a package: its create and update bodies may be larger. */
    private long limit(HttpServletRequest request) {
        String uri = request.getRequestURI();
        boolean functionWrite = ("POST".equals(request.getMethod()) && uri.equals("/api/functions"))
                || ("PUT".equals(request.getMethod()) && uri.startsWith("/api/functions/")
                && uri.indexOf('/', "/api/functions/".length()) < 0);
        return functionWrite ? maxFunctionBodyBytes : MAX_BODY_BYTES;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !request.getRequestURI().startsWith("/api/")
                || (type != null && type.toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limit(request);
        if (request.getContentLengthLong() > limit) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Too large\",\"status\":413,"
                    + "\"detail\":\"the request body is over the limit of " + limit + " bytes\",\"instance\":\""
                    + request.getRequestURI().replaceAll("[^A-Za-z0-9/._:~-]", "") + "\"}");
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new Capped(super.getInputStream(), limit);
                }
                return stream;
            }
        }, response);
    }

    private static final class Capped extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Capped(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestTooLargeException {
            read += n;
            if (read > limit) {
                throw new RequestTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
