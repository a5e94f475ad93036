package io.faas.core.internal.packages;

import io.faas.api.InvalidFunctionException;
import io.faas.api.PayloadTooLargeException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A function package read from an untrusted zip archive and checked on the way: the central
 * directory is parsed here (the JDK's zip classes do not show an entry's file type), every entry
 * is inflated with a running budget, so a zip bomb stops at the limit rather than at the end, and
 * only regular files with relative, clean paths are kept. What is stored is the
 * {@link #normalized()} archive: the same files in name order with fixed times, so the
 * {@link #digest()} of the content is all that identifies it. Immutable.
 */
public final class PackageArchive {

    /** Most entries (files and directories) in one archive. */
    public static final int MAX_ENTRIES = 10_000;
    /** How many times the archive's own size its files may add up to once unpacked. */
    public static final int MAX_EXPANSION = 4;
    /** The one file of a package that pip reads at deploy time. */
    public static final String REQUIREMENTS = "requirements.txt";

    private static final int EOCD = 0x06054b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    /** DOS time of 1980-01-01 00:00, the earliest a zip can say: the same for every upload. */
    private static final long FIXED_TIME = 315532800000L;

    private final Map<String, byte[]> files;
    private final String digest;

    private PackageArchive(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(files);
        this.digest = digestOf(files);
    }

    /**
     * Reads and checks an uploaded archive.
     *
     * @param function names the function in messages
     * @param maxBytes largest archive; its files may add up to {@value #MAX_EXPANSION} times that
     * @throws PayloadTooLargeException if the archive or its content is over the limit
     * @throws InvalidFunctionException if it is not a zip archive, or holds an entry that is not a
     *                                  regular file or directory with a clean relative path
     */
    public static PackageArchive read(String function, byte[] zip, long maxBytes) {
        if (zip.length > maxBytes) {
            throw new PayloadTooLargeException("package of function '" + function + "'", zip.length, maxBytes);
        }
        PackageArchive archive = new Reader(function, zip, maxBytes * MAX_EXPANSION).read();
        if (archive.files.keySet().stream().noneMatch(p -> p.endsWith(".py"))) {
            throw new InvalidFunctionException(function, "the package is refused: it holds no .py file");
        }
        return archive;
    }

    /**
     * A package of files made here (a layer pip installed), with the same path rules as an upload.
     *
     * @throws InvalidFunctionException if a path is not clean and relative
     */
    public static PackageArchive of(Map<String, byte[]> files) {
        Reader check = new Reader("layer", new byte[0], Long.MAX_VALUE);
        Map<String, byte[]> sorted = new TreeMap<>();
        files.forEach((path, bytes) -> sorted.put(check.checkPath(path), bytes.clone()));
        return new PackageArchive(sorted);
    }

    /**
     * Checks a zip archive that is not a package (a wheel of layer {@code layer}) as a package is
     * checked, without needing a {@code .py} file in it.
     */
    public static void check(String layer, String file, byte[] zip, long maxBytes) {
        if (zip.length > maxBytes) {
            throw new PayloadTooLargeException(file + " of layer '" + layer + "'", zip.length, maxBytes);
        }
        Reader reader = new Reader(layer, zip, maxBytes * MAX_EXPANSION);
        reader.refused = file + " is refused: ";
        reader.read();
    }

    /** Reads an archive this class wrote (from the store), checked all the same. */
    public static PackageArchive readStored(byte[] zip) {
        return new Reader("stored", zip, Long.MAX_VALUE).read();
    }

    /** The files by path ({@code /}-separated, relative), in name order. */
    public Map<String, byte[]> files() {
        return files;
    }

    /** SHA-256 (hex) of the paths and contents: what identifies the package in the store. */
    public String digest() {
        return digest;
    }

    /** Sum of the files' sizes. */
    public long unpackedSize() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** The {@value #REQUIREMENTS} at the archive's top, if any. */
    public Optional<String> requirements() {
        byte[] bytes = files.get(REQUIREMENTS);
        return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * The paths installed by vendored distributions: everything a top-level {@code *.dist-info}
     * directory's {@code RECORD} lists (what {@code pip install --target} leaves), and those
     * directories themselves. Not the package's own code, so not validated.
     */
    public Set<String> vendored() {
        Set<String> vendored = new TreeSet<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String path = e.getKey();
            int slash = path.indexOf('/');
            if (slash > 0 && path.substring(0, slash).endsWith(".dist-info")) {
                vendored.add(path);
                if (path.endsWith("/RECORD")) {
                    for (String line : new String(e.getValue(), StandardCharsets.UTF_8).split("\\R")) {
                        int comma = line.indexOf(',');
                        vendored.add(comma < 0 ? line : line.substring(0, comma));
                    }
                }
            }
        }
        return vendored;
    }

    /** The path of the module a dotted name imports, if the package has it: {@code a/b.py} or {@code a/b/__init__.py}. */
    public Optional<String> modulePath(String module) {
        String base = module.replace('.', '/');
        for (String candidate : List.of(base + ".py", base + "/__init__.py")) {
            if (files.containsKey(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The same files as a zip archive in name order, with fixed times: what the store keeps. */
    public byte[] normalized() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static String digestOf(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer length = ByteBuffer.allocate(8);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(length.clear().putLong(e.getValue().length).array());
                digest.update(e.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One pass over an archive; not thread-safe. */
    private static final class Reader {
        private final String function;
        private final ByteBuffer zip;
        private final long maxUnpacked;
        private long budget;
        private String refused = "the package is refused: ";

        Reader(String function, byte[] zip, long maxUnpacked) {
            this.function = function;
            this.zip = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
            this.maxUnpacked = maxUnpacked;
            this.budget = maxUnpacked;
        }

        PackageArchive read() {
            int eocd = findEndOfCentralDirectory();
            int count = zip.getShort(eocd + 10) & 0xffff;
            long size = zip.getInt(eocd + 12) & 0xffffffffL;
            long offset = zip.getInt(eocd + 16) & 0xffffffffL;
            if (count == 0xffff || offset == 0xffffffffL) {
                throw invalid("it is a zip64 archive; packages are plain zip archives");
            }
            if (count > MAX_ENTRIES) {
                throw invalid("it has " + count + " entries, over the limit of " + MAX_ENTRIES);
            }
            if (offset + size > eocd) {
                throw invalid("it is not a readable zip archive");
            }
            Map<String, byte[]> files = new TreeMap<>();
            Set<String> directories = new TreeSet<>();
            int at = (int) offset;
            for (int i = 0; i < count; i++) {
                need(at, 46);
                if (zip.getInt(at) != CENTRAL) {
                    throw invalid("it is not a readable zip archive");
                }
                int madeBy = (zip.getShort(at + 4) & 0xffff) >>> 8;
                int flags = zip.getShort(at + 8) & 0xffff;
                int method = zip.getShort(at + 10) & 0xffff;
                long crc = zip.getInt(at + 16) & 0xffffffffL;
                long compressed = zip.getInt(at + 20) & 0xffffffffL;
                long uncompressed = zip.getInt(at + 24) & 0xffffffffL;
                int nameLength = zip.getShort(at + 28) & 0xffff;
                int extraLength = zip.getShort(at + 30) & 0xffff;
                int commentLength = zip.getShort(at + 32) & 0xffff;
                int mode = zip.getInt(at + 38) >>> 16;
                long local = zip.getInt(at + 42) & 0xffffffffL;
                need(at + 46, nameLength);
                String name = name(at + 46, nameLength);
                at += 46 + nameLength + extraLength + commentLength;
                boolean unix = madeBy == 3;
                int type = unix ? mode & S_IFMT : 0;
                if (name.endsWith("/") || type == S_IFDIR) {
                    String dir = checkPath(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                    directories.add(dir);
                    continue;
                }
                if (type != 0 && type != S_IFREG) {
                    throw invalid("entry '" + name + "' is a " + (type == 0120000 ? "symbolic link" : "special file")
                            + "; packages hold regular files only");
                }
                String path = checkPath(name);
                if ((flags & 1) != 0) {
                    throw invalid("entry '" + path + "' is encrypted");
                }
                if (files.containsKey(path)) {
                    throw invalid("entry '" + path + "' is in it twice");
                }
                files.put(path, data(path, local, method, compressed, uncompressed, crc));
            }
            for (String path : files.keySet()) {
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    if (files.containsKey(path.substring(0, slash))) {
                        throw invalid("'" + path.substring(0, slash) + "' is both a file and a directory");
                    }
                }
            }
            return new PackageArchive(files);
        }

        private int findEndOfCentralDirectory() {
            int limit = zip.capacity();
            for (int at = limit - 22; at >= 0 && at >= limit - 22 - 0xffff; at--) {
                if (zip.getInt(at) == EOCD) {
                    return at;
                }
            }
            throw invalid("it is not a zip archive");
        }

        private byte[] data(String path, long local, int method, long compressed, long uncompressed, long crc) {
            if (local > Integer.MAX_VALUE) {
                throw invalid("it is not a readable zip archive");
            }
            int at = (int) local;
            need(at, 30);
            if (zip.getInt(at) != LOCAL) {
                throw invalid("entry '" + path + "' is not where the archive says");
            }
            int start = at + 30 + (zip.getShort(at + 26) & 0xffff) + (zip.getShort(at + 28) & 0xffff);
            if (compressed > Integer.MAX_VALUE) {
                throw invalid("it is not a readable zip archive");
            }
            need(start, (int) compressed);
            if (uncompressed > budget) {
                throw tooLarge(uncompressed - budget);
            }
            byte[] out;
            if (method == ZipEntry.STORED) {
                out = new byte[(int) compressed];
                zip.get(start, out);
            } else if (method == ZipEntry.DEFLATED) {
                out = inflate(path, start, (int) compressed);
            } else {
                throw invalid("entry '" + path + "' uses compression method " + method + "; use deflate or none");
            }
            if (out.length > budget) {
                throw tooLarge(out.length - budget);
            }
            budget -= out.length;
            CRC32 check = new CRC32();
            check.update(out);
            if (check.getValue() != crc || out.length != uncompressed) {
                throw invalid("entry '" + path + "' is damaged (its checksum or size does not match)");
            }
            return out;
        }

        /** Inflates one entry, never past the budget: the headers' sizes are not trusted. */
        private byte[] inflate(String path, int start, int length) {
            Inflater inflater = new Inflater(true);
            try {
                // nowrap inflation needs one byte past the data to see its end (Inflater's javadoc)
                byte[] input = new byte[length + 1];
                zip.get(start, input, 0, length);
                inflater.setInput(input);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 * 1024];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw invalid("entry '" + path + "' is damaged (its data ends early)");
                    }
                    out.write(buffer, 0, n);
                    if (out.size() > budget) {
                        throw tooLarge(out.size() - budget);
                    }
                }
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw invalid("entry '" + path + "' is damaged (" + e.getMessage() + ")");
            } finally {
                inflater.end();
            }
        }

        private String name(int at, int length) {
            byte[] bytes = new byte[length];
            zip.get(at, bytes);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw invalid("an entry's name is not UTF-8");
            }
        }

        /** The path if it is relative and clean: no empty, {@code .} or {@code ..} part, no backslash or control character. */
        private String checkPath(String path) {
            boolean clean = !path.isEmpty() && path.length() <= 1024 && !path.startsWith("/") && !path.contains("\\")
                    && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
            if (clean) {
                for (String part : path.split("/", -1)) {
                    if (part.isEmpty() || part.equals(".") || part.equals("..") || part.length() > 255) {
                        clean = false;
                        break;
                    }
                }
            }
            if (!clean) {
                throw invalid("entry '" + printable(path) + "' is not a clean relative path (no leading /, no '..',"
                        + " no empty part, no backslash)");
            }
            return path;
        }

        private void need(int at, int length) {
            if (at < 0 || length < 0 || (long) at + length > zip.capacity()) {
                throw invalid("it is not a readable zip archive");
            }
        }

        private InvalidFunctionException invalid(String why) {
            return new InvalidFunctionException(function, refused + why);
        }

        /** @param over how far past the budget the entry being read went when reading stopped */
        private PayloadTooLargeException tooLarge(long over) {
            return new PayloadTooLargeException("unpacked, the package of function '" + function + "' (read so far)",
                    maxUnpacked + over, maxUnpacked);
        }

        private static String printable(String path) {
            StringBuilder out = new StringBuilder();
            path.codePoints().limit(200).forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : Character.toString(c)));
            return out.toString();
        }
    }
}
