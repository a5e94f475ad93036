package io.faas.examples.admin.security;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.faas.core.FaasSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * The admin app's own collections ({@code tokens}, {@code audit}, {@code published},
 * {@code saved_events}) in the
 * database faas uses, through a client of its own on the same connection string (the embedded
 * server's in development mode): faas's client does not lend out its MongoDB connection.
 */
@Configuration(proxyBeanMethods = false)
class AdminStores {

    @Bean(destroyMethod = "close")
    MongoClient adminMongoClient(FaasSettings settings) {
        long timeout = settings.requestTimeout().toMillis();
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(settings.mongoUri()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS))
                .applicationName("faas-admin")
                .build());
    }

    @Bean
    TokenStore tokenStore(MongoClient adminMongoClient, FaasSettings settings) {
        return new TokenStore(database(adminMongoClient, settings));
    }

    @Bean
    AuditLog auditLog(MongoClient adminMongoClient, FaasSettings settings) {
        return new AuditLog(database(adminMongoClient, settings));
    }

    @Bean
    PublishedEvents publishedEvents(MongoClient adminMongoClient, FaasSettings settings) {
        return new PublishedEvents(database(adminMongoClient, settings));
    }

    @Bean
    SavedEvents savedEvents(MongoClient adminMongoClient, FaasSettings settings) {
        return new SavedEvents(database(adminMongoClient, settings));
    }

    private static MongoDatabase database(MongoClient client, FaasSettings settings) {
        return client.getDatabase(settings.mongoDatabase());
    }
}
