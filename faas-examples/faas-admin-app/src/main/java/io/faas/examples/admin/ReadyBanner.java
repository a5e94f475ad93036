package io.faas.examples.admin;

import io.faas.core.FaasSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;

/** Prints where the app answers once it is ready, so the start command's output ends with a URL. */
@Component
class ReadyBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    private final FaasSettings settings;

    ReadyBanner(FaasSettings settings) {
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        long ms = event.getTimeTaken() == null ? -1 : event.getTimeTaken().toMillis();
        log.info("faas admin is ready at http://localhost:{}/ in {} ms, process up {} ms (Kafka {}, MongoDB {},"
                        + " database {})", web.getWebServer().getPort(), ms,
                ManagementFactory.getRuntimeMXBean().getUptime(), settings.kafkaBootstrapServers(),
                settings.mongoUri(), settings.mongoDatabase());
    }
}
