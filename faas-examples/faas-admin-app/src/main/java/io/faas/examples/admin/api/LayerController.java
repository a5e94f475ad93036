package io.faas.examples.admin.api;

import io.faas.api.Layer;
import io.faas.core.FaasClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/layers}: shared layers of Python distributions that functions name in
 * {@code "layers"}, made from wheel files or requirement lines with pip.
 */
@RestController
@RequestMapping("/api/layers")
class LayerController {

    /** A layer; {@code sources} are the wheel files or requirement lines it was made from. */
    record LayerView(String name, String digest, String pinned, List<String> sources, Instant updatedAt) {
        static LayerView of(Layer l) {
            return new LayerView(l.name(), l.digest(), l.pinned(), l.sources(), l.updatedAt());
        }
    }

    /**
     * Body of {@code PUT /api/layers/{name}}: {@code requirements} (lines such as {@code lib==1.2},
     * resolved against the server's wheelhouse or index), or {@code wheels} (file name to the
     * wheel's bytes in base64).
     */
    record LayerRequest(String requirements, Map<String, String> wheels) {
    }

    private final FaasClient faas;

    LayerController(FaasClient faas) {
        this.faas = faas;
    }

    @GetMapping
    List<LayerView> list() {
        return faas.layers().list().stream().map(LayerView::of).toList();
    }

    @GetMapping("/{name}")
    LayerView get(@PathVariable String name) {
        return faas.layers().get(name).map(LayerView::of).orElseThrow(() -> missing(name));
    }

    /** Creates or replaces the layer; functions stored afterwards with its bare name get the new content. */
    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    LayerView put(@PathVariable String name, @RequestBody LayerRequest request) {
        Requests.require(request, "a JSON object with the layer's requirements or wheels");
        if ((request.requirements() == null) == (request.wheels() == null)) {
            throw new IllegalArgumentException("give the layer's requirements or its wheels, one of them");
        }
        if (request.requirements() != null) {
            return LayerView.of(faas.layers().putRequirements(name, request.requirements()));
        }
        Map<String, byte[]> wheels = new LinkedHashMap<>();
        request.wheels().forEach((file, base64) -> {
            try {
                wheels.put(file, Base64.getMimeDecoder().decode(Requests.required(base64, "wheels." + file)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("wheels." + Requests.shown(file) + " must be a wheel in base64");
            }
        });
        return LayerView.of(faas.layers().putWheels(name, wheels));
    }

    /** The same from a form: one or more {@code wheel} file parts. */
    @PutMapping(path = "/{name}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    LayerView upload(@PathVariable String name, @RequestPart("wheel") List<MultipartFile> files) throws IOException {
        Map<String, byte[]> wheels = new LinkedHashMap<>();
        for (MultipartFile file : files) {
            wheels.put(file.getOriginalFilename() == null ? "" : file.getOriginalFilename(), file.getBytes());
        }
        return LayerView.of(faas.layers().putWheels(name, wheels));
    }

    /** Deletes the name; function versions that use the layer keep its content. */
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        if (!faas.layers().delete(name)) {
            throw missing(name);
        }
    }

    private static ResponseStatusException missing(String name) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "layer '" + Requests.shown(name) + "' does not exist");
    }
}
