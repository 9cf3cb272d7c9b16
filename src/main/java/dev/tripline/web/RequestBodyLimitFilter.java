package dev.tripline.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps what an API request body may cost before anything parses it. Tomcat has no limit of its own on a JSON
 * body and does not decompress: this filter refuses a declared length over {@code tripline.http.max-body-size}
 * at once (413), counts the bytes actually read (a chunked body cannot lie its way past the cap), inflates
 * {@code Content-Encoding: gzip} itself with a separate cap on the inflated size (a gzip bomb stops at the cap,
 * costing no more than the cap), and answers 415 for encodings it does not speak.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;
    private final long maxBodyBytes;
    private final long maxDecompressedBytes;

    RequestBodyLimitFilter(ProblemWriter problems,
            @Value("${tripline.http.max-body-size:32MB}") DataSize maxBodySize,
            @Value("${tripline.http.max-decompressed-size:128MB}") DataSize maxDecompressedSize) {
        this.problems = problems;
        this.maxBodyBytes = maxBodySize.toBytes();
        this.maxDecompressedBytes = maxDecompressedSize.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            problems.write(response, tooLarge(request, "The request body has " + declared + " bytes; the limit is "
                    + maxBodyBytes + " bytes"));
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        boolean gzip = false;
        if (encoding != null && !encoding.isBlank()) {
            String normalized = encoding.trim().toLowerCase(Locale.ROOT);
            if (normalized.equals("gzip") || normalized.equals("x-gzip")) {
                gzip = true;
            } else if (!normalized.equals("identity")) {
                problems.write(response, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-encoding",
                        "Unsupported content encoding", "Content-Encoding '" + abbreviate(encoding)
                                + "' is not supported; send gzip or an unencoded body", request.getRequestURI()));
                return;
            }
        }
        chain.doFilter(new LimitedRequest(request, gzip), response);
    }

    private org.springframework.http.ProblemDetail tooLarge(HttpServletRequest request, String detail) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", detail,
                request.getRequestURI());
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Thrown while a handler reads a body past one of the caps; the advice answers 413. */
    public static final class BodyTooLargeException extends ApiException {
        BodyTooLargeException(String detail) {
            super(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", detail);
        }
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private final boolean gzip;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, boolean gzip) {
            super(request);
            this.gzip = gzip;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                InputStream raw = new CountingStream(super.getInputStream(), maxBodyBytes,
                        "The request body exceeds the limit of " + maxBodyBytes + " bytes");
                InputStream body = raw;
                if (gzip) {
                    try {
                        body = new CountingStream(new GZIPInputStream(raw, 64 * 1024), maxDecompressedBytes,
                                "The decompressed request body exceeds the limit of " + maxDecompressedBytes + " bytes");
                    } catch (ZipException e) {
                        throw ApiException.badRequest("Content-Encoding is gzip but the body is not gzip data");
                    }
                }
                stream = new DelegatingServletInputStream(body);
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    getCharacterEncoding() != null ? getCharacterEncoding() : "UTF-8"));
        }

        @Override
        public int getContentLength() {
            return gzip ? -1 : super.getContentLength();
        }

        @Override
        public long getContentLengthLong() {
            return gzip ? -1 : super.getContentLengthLong();
        }

        @Override
        public String getHeader(String name) {
            return gzip && "Content-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return gzip && "Content-Encoding".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }
    }

    private static final class CountingStream extends InputStream {

        private final InputStream in;
        private final long limit;
        private final String message;
        private long count;

        CountingStream(InputStream in, long limit, String message) {
            this.in = in;
            this.limit = limit;
            this.message = message;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (ZipException e) {
                throw ApiException.badRequest("The gzip body is corrupt: " + e.getMessage());
            } catch (java.io.EOFException e) {
                throw ApiException.badRequest("The gzip body ends early");
            }
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(message);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class DelegatingServletInputStream extends ServletInputStream {

        private final InputStream in;
        private boolean finished;

        DelegatingServletInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            finished = b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            finished = n < 0;
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("blocking reads only");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
