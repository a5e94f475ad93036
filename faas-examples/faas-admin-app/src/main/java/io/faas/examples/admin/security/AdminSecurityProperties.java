package io.faas.examples.admin.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/** {@code faas.admin.security.*}: authentication of the admin app's API and UI. */
@ConfigurationProperties("faas.admin.security")
public class AdminSecurityProperties {

    /**
     * Whether every request needs a token. Turning it off is allowed only when the app listens on a
     * loopback address (server.address=127.0.0.1); the start fails otherwise.
     */
    private boolean enabled = true;

    /**
     * Admin token that is made sure to exist at start (at least 20 characters); the environment
     * variable FAAS_ADMIN_BOOTSTRAP_TOKEN does the same. With neither, the first start writes a
     * generated admin token to the file admin-token in faas.embedded.data-dir.
     */
    private String bootstrapToken;

    /**
     * Host names (without port) that requests may name in their Host header, beside localhost,
     * 127.0.0.1 and [::1]: the names the app is reached by, behind a proxy or on another interface.
     */
    private List<String> allowedHosts = new ArrayList<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBootstrapToken() {
        return bootstrapToken;
    }

    public void setBootstrapToken(String bootstrapToken) {
        this.bootstrapToken = bootstrapToken;
    }

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }
}
