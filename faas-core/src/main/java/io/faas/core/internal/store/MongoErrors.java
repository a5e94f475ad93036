package io.faas.core.internal.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import io.faas.api.ServiceUnavailableException;

import java.util.function.Supplier;

/** Turns driver exceptions into faas exceptions, keeping the driver's as the cause. */
public final class MongoErrors {
    private MongoErrors() {
    }

    public static boolean isDuplicateKey(MongoException e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                || e.getCode() == 11000;
    }

    public static <T> T run(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (MongoException e) {
            throw unavailable(action, e);
        }
    }

    public static ServiceUnavailableException unavailable(String action, MongoException e) {
        return new ServiceUnavailableException("MongoDB failed to " + action + ": " + e.getMessage(), e);
    }
}
