package io.faas.spring.boot.autoconfigure.remote;

import io.faas.spring.boot.autoconfigure.internal.CheckingPropertyMapper;
import io.faas.spring.boot.autoconfigure.internal.CheckingPropertyMapper.Rejections;
import io.faas.ssh.SshHostSettings;
import io.faas.ssh.SshPoolSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSH pools under {@code faas.ssh.pools.<name>.*}, each the executor {@code ssh:<name>}. Bound
 * only when faas-ssh is on the classpath. Every property left unset takes faas-ssh's default;
 * values are checked by faas-ssh's own rules when the context starts, and a wrong one fails the
 * start with the name of the property.
 *
 * @since 0.2
 */
@ConfigurationProperties("faas.ssh")
public class FaasSshProperties implements Validator {

    static final String PREFIX = "faas.ssh";

    /**
     * SSH pools by name (1 to 32 of a-z, 0-9, _ and -); functions and topics select one as the
     * executor ssh:NAME.
     */
    private Map<String, Pool> pools = new LinkedHashMap<>();

    public Map<String, Pool> getPools() {
        return pools;
    }

    public void setPools(Map<String, Pool> pools) {
        this.pools = pools;
    }

    @Override
    public boolean supports(Class<?> type) {
        return FaasSshProperties.class.isAssignableFrom(type);
    }

    /** Checks each pool's values by faas-ssh's rules, so that a wrong one names its property at start-up. */
    @Override
    public void validate(Object target, Errors errors) {
        ((FaasSshProperties) target).pools.forEach((name, pool) -> pool.validate(name, errors));
    }

    /** A builder that builds, whatever the JVM's user is called: the check of one value starts from it. */
    static SshPoolSettings.Builder valid(String name) {
        return SshPoolSettings.builder(name).user("faas").privateKey(Path.of("id_check"));
    }

    /** One SSH pool: its hosts and how they are used. */
    public static class Pool extends SshPoolProperties {

        /**
         * Hosts of the pool, each as host, host:port or [ipv6]:port, or as an object with host, port,
         * id, user and private-key (the last two default to the pool's).
         */
        private List<Host> hosts = new ArrayList<>();

        public List<Host> getHosts() {
            return hosts;
        }

        public void setHosts(List<Host> hosts) {
            this.hosts = hosts;
        }

        /**
         * A builder of faas-ssh's {@link SshPoolSettings} for the pool {@code name}, with its hosts and
         * every property that is set; the others keep faas-ssh's defaults.
         *
         * @throws IllegalArgumentException naming the property whose value faas-ssh refuses
         */
        public SshPoolSettings.Builder toSettingsBuilder(String name) {
            return mapper(name, Rejections.FAIL).applyTo(SshPoolSettings.builder(name));
        }

        void validate(String name, Errors errors) {
            CheckingPropertyMapper<SshPoolSettings.Builder> map = mapper(name, Rejections.to(errors));
            map.checkGroup(map.applyTo(SshPoolSettings.builder(name))); // what only the values together decide: a key per host
        }

        private CheckingPropertyMapper<SshPoolSettings.Builder> mapper(String name, Rejections rejections) {
            CheckingPropertyMapper<SshPoolSettings.Builder> map = new CheckingPropertyMapper<>(PREFIX,
                    "pools[" + name + "]", () -> valid(name), SshPoolSettings.Builder::build, rejections);
            map(map);
            for (int i = 0; i < hosts.size(); i++) {
                Host host = hosts.get(i);
                map.from("hosts[" + i + "]", () -> host).as(Host::toSettings).to(SshPoolSettings.Builder::host);
            }
            return map;
        }
    }

    /** One host of a pool; written as a string, host[:port]. */
    public static class Host {

        /**
         * Name of the host in logs and stats, unique in its pool; unset takes host:port.
         */
        private String id;

        /**
         * DNS name or IP address.
         */
        private String host;

        /**
         * SSH port; unset takes 22.
         */
        private Integer port;

        /**
         * Login name on this host; unset takes the pool's.
         */
        private String user;

        /**
         * Private key file for this host; unset takes the pool's.
         */
        private Path privateKey;

        /**
         * A host written as {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port};
         * Spring's conversion calls this for a host given as a string.
         *
         * @throws IllegalArgumentException when the port is not a number
         */
        public static Host valueOf(String text) {
            Host h = new Host();
            String s = text.strip();
            int colon = s.lastIndexOf(':');
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                h.host = close < 0 ? s : s.substring(1, close);
                if (close >= 0 && close + 1 < s.length() && s.charAt(close + 1) == ':') {
                    h.port = port(s.substring(close + 2), text);
                }
            } else if (colon > 0 && s.indexOf(':') == colon) { // one colon: host:port; more: a bare IPv6 address
                h.host = s.substring(0, colon);
                h.port = port(s.substring(colon + 1), text);
            } else {
                h.host = s;
            }
            return h;
        }

        private static int port(String port, String text) {
            try {
                return Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ssh host must be host or host:port with a numeric port: " + text);
            }
        }

        /** The host's settings; unset values are the pool's, or faas-ssh's defaults. */
        SshHostSettings toSettings() {
            SshHostSettings address = port == null ? SshHostSettings.of(host) : SshHostSettings.of(host, port);
            return new SshHostSettings(id, address.host(), address.port(), user, privateKey);
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public Path getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(Path privateKey) {
            this.privateKey = privateKey;
        }

        @Override
        public String toString() {
            return id != null ? id : host + (port != null ? ":" + port : "");
        }
    }
}
