package dev.tripline.support;

/** The API keys that the {@code it} profile configures, one per role (see application-it.yml). */
public final class TestApiKeys {

    public static final String INGEST = "it-ingest-secret-0001";
    public static final String VIEWER = "it-viewer-secret-0001";
    public static final String ANALYST = "it-analyst-secret-0001";
    public static final String ADMIN = "it-admin-secret-00001";

    private TestApiKeys() {
    }

    public static String header(String secret) {
        return "ApiKey " + secret;
    }
}
