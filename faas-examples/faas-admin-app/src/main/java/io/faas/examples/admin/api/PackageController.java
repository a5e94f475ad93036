package io.faas.examples.admin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionPackage;
import io.faas.api.FunctionVersion;
import io.faas.core.FaasClient;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** {@code /api/functions/{name}/package}: the files of a package function's stored package. */
@RestController
@RequestMapping("/api/functions/{name}/package")
class PackageController {

    /**
     * A package: its digest (shared by versions with the same files), its files in name order and,
     * when asked for, the archive itself in base64 (what a form sends back to keep the files).
     */
    record PackageView(String function, int version, String digest, List<FileView> files,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String zip) {
    }

    record FileView(String path, long size) {
    }

    private final FaasClient faas;

    PackageController(FaasClient faas) {
        this.faas = faas;
    }

    /**
     * The package of the current version, or of {@code ?version=N}, with the archive if
     * {@code ?zip=true}; 404 for a single-file function.
     */
    @GetMapping
    PackageView get(@PathVariable String name, @RequestParam(required = false) Integer version,
                    @RequestParam(defaultValue = "false") boolean zip) {
        FunctionVersion fv = (version == null ? faas.functions().get(name) : faas.functions().get(name, version))
                .orElseThrow(() -> version == null ? new FunctionNotFoundException(Requests.shown(name))
                        : new FunctionNotFoundException(Requests.shown(name), version));
        if (!fv.isPackage()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "version " + fv.version() + " of function '"
                    + Requests.shown(name) + "' is a single file, not a package");
        }
        FunctionPackage code = faas.functions().functionPackage(name, fv.version())
                .orElseThrow(() -> new FunctionNotFoundException(Requests.shown(name), fv.version()));
        return new PackageView(fv.name(), fv.version(), fv.packageDigest(), files(code),
                zip ? java.util.Base64.getEncoder().encodeToString(code.zip()) : null);
    }

    /** The stored archive's files; it was checked when stored, so sizes are those it says. */
    static List<FileView> files(FunctionPackage code) {
        List<FileView> files = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(code.zip()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.add(new FileView(e.getName(), in.transferTo(java.io.OutputStream.nullOutputStream())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
