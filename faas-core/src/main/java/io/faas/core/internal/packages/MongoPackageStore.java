package io.faas.core.internal.packages;

import com.mongodb.MongoException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.model.Filters;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Packages stored content-addressed in MongoDB: one {@code packages} document per digest, holding
 * the normalized archive, or, above {@link #INLINE_LIMIT}, the id of its copy in the GridFS bucket
 * {@code package_files}. The document is written last, so a package is there whole or not at all
 * (a crash before it leaves at most an unreferenced GridFS file); storing what is already there
 * writes nothing. Thread-safe.
 */
public final class MongoPackageStore {

    /** Largest archive kept inside its document: well below MongoDB's 16 MiB document limit. */
    static final int INLINE_LIMIT = 8 * 1024 * 1024;

    private final MongoStore store;
    private final int inlineLimit;

    public MongoPackageStore(MongoStore store) {
        this(store, INLINE_LIMIT);
    }

    MongoPackageStore(MongoStore store, int inlineLimit) {
        this.store = store;
        this.inlineLimit = inlineLimit;
    }

    /** Stores the package unless a package of the same digest is there already; returns its digest. */
    public String put(PackageArchive archive) {
        return put(archive, List.of());
    }

    /**
     * Stores the package with the digests of the layers it runs with (its resolved
     * {@code requirements.txt}), unless a package of the same digest is there already.
     */
    public String put(PackageArchive archive, List<String> layers) {
        String digest = archive.digest();
        if (exists(digest)) {
            return digest;
        }
        byte[] zip = archive.normalized();
        Document d = new Document("_id", digest)
                .append("size", zip.length)
                .append("unpackedSize", archive.unpackedSize())
                .append("files", new ArrayList<>(archive.files().keySet()))
                .append("layers", layers)
                .append("createdAt", new java.util.Date());
        ObjectId gridFsId = null;
        if (zip.length <= inlineLimit) {
            d.append("zip", new Binary(zip));
        } else {
            GridFSBucket bucket = store.packageFiles();
            gridFsId = MongoErrors.run("store package " + digest,
                    () -> bucket.uploadFromStream(digest + ".zip", new ByteArrayInputStream(zip)));
            d.append("gridFsId", gridFsId);
        }
        try {
            store.packages().insertOne(d);
        } catch (MongoException e) {
            if (gridFsId != null) {
                ObjectId orphan = gridFsId;
                try {
                    store.packageFiles().delete(orphan);
                } catch (MongoException ignored) {
                    // an unreferenced copy costs space only
                }
            }
            if (!MongoErrors.isDuplicateKey(e)) { // else another writer stored the same package first
                throw MongoErrors.unavailable("store package " + digest, e);
            }
        }
        return digest;
    }

    /** Whether a package of this digest is stored. */
    public boolean exists(String digest) {
        return MongoErrors.run("read package " + digest, () -> store.packages()
                .find(Filters.eq("_id", digest)).projection(new Document("_id", 1)).first() != null);
    }

    /** The digests of the layers a stored package runs with, in {@code sys.path} order; empty without. */
    public List<String> layers(String digest) {
        Document d = MongoErrors.run("read package " + digest, () -> store.packages().find(Filters.eq("_id", digest))
                .projection(new Document("layers", 1)).first());
        return d == null ? List.of() : d.getList("layers", String.class, List.of());
    }

    /** The stored archive, checked against its digest; empty if there is none. */
    public Optional<PackageArchive> get(String digest) {
        return read(digest).map(zip -> {
            PackageArchive archive = PackageArchive.readStored(zip);
            if (!archive.digest().equals(digest)) {
                throw new IllegalStateException("stored package " + digest + " does not match its digest");
            }
            return archive;
        });
    }

    /** The stored archive's bytes; empty if there is none. */
    public Optional<byte[]> read(String digest) {
        Document d = MongoErrors.run("read package " + digest,
                () -> store.packages().find(Filters.eq("_id", digest)).first());
        if (d == null) {
            return Optional.empty();
        }
        if (d.get("zip") instanceof Binary inline) {
            return Optional.of(inline.getData());
        }
        ObjectId id = d.getObjectId("gridFsId");
        return Optional.of(MongoErrors.run("read package " + digest, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.packageFiles().downloadToStream(id, out);
            return out.toByteArray();
        }));
    }
}
