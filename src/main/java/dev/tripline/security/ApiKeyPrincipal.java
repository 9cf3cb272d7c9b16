package dev.tripline.security;

/** An authenticated API key: its name (never its secret) and role. */
record ApiKeyPrincipal(String name, ApiKeyRole role) {

    @Override
    public String toString() {
        return name + " (" + role.wireName() + ")";
    }
}
