package dev.lockstep.http.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document a running server serves at {@code /openapi.yml}, read at test time: its
 * operations, their parameters, whether they need a key, and a valid body for each one that takes
 * one (the document's example). Suites built on it cover a route the day the route is added.
 */
final class ServedDocument {
    private static final List<String> METHODS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One parameter of an operation: {@code in} is path, query or header. */
    record Param(String name, String in) {}

    /** One operation of the document. */
    record Operation(
            String method,
            String path,
            String operationId,
            List<Param> params,
            boolean secured,
            Object exampleBody,
            Set<String> bodyFieldPointers) {
        List<Param> params(String in) {
            return params.stream().filter(p -> p.in().equals(in)).toList();
        }

        boolean hasBody() {
            return exampleBody != null;
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + operationId + ")";
        }
    }

    private final Map<String, Object> document;
    private final List<Operation> operations = new ArrayList<>();

    private ServedDocument(Map<String, Object> document) {
        this.document = document;
        Map<String, Object> paths = map(document.get("paths"));
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            Map<String, Object> item = map(path.getValue());
            for (String method : METHODS) {
                Map<String, Object> op = map(item.get(method));
                if (op != null) {
                    operations.add(operation(method.toUpperCase(Locale.ROOT), path.getKey(), item, op));
                }
            }
        }
    }

    /** Fetches and parses the document the server on {@code port} serves. */
    static ServedDocument fetch(int port) {
        RawHttp.Response r;
        try {
            r = RawHttp.send(port, new RawHttp.Request("GET", "/openapi.yml", Map.of(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (r.status() != 200) {
            throw new IllegalStateException("GET /openapi.yml answered " + r);
        }
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(r.body());
        return new ServedDocument(map(normalize(loaded)));
    }

    List<Operation> operations() {
        return operations;
    }

    /** The problem codes the document declares ({@code Problem.code}'s enum). */
    Set<String> problemCodes() {
        Map<String, Object> code =
                map(map(map(map(map(document.get("components")).get("schemas")).get("Problem"))
                                .get("properties"))
                        .get("code"));
        Set<String> codes = new LinkedHashSet<>();
        list(code.get("enum")).forEach(c -> codes.add((String) c));
        return codes;
    }

    /** The document's path templates, each with the methods it lists (upper case). */
    Map<String, Set<String>> methodsByPath() {
        Map<String, Set<String>> byPath = new LinkedHashMap<>();
        for (Operation op : operations) {
            byPath.computeIfAbsent(op.path(), p -> new LinkedHashSet<>()).add(op.method());
        }
        return byPath;
    }

    private Operation operation(String method, String path, Map<String, Object> item, Map<String, Object> op) {
        List<Param> params = new ArrayList<>();
        for (Object p : list(item.get("parameters"))) {
            params.add(param(p));
        }
        for (Object p : list(op.get("parameters"))) {
            params.add(param(p));
        }
        Object security = op.containsKey("security") ? op.get("security") : document.get("security");
        boolean secured = security instanceof List<?> l && !l.isEmpty();
        Object example = null;
        Set<String> pointers = new LinkedHashSet<>();
        Map<String, Object> requestBody = resolve(map(op.get("requestBody")));
        if (requestBody != null) {
            Map<String, Object> json = map(map(requestBody.get("content")).get("application/json"));
            if (json == null) {
                throw new IllegalStateException(method + " " + path + " takes a body that is not application/json");
            }
            Map<String, Object> schema = resolve(map(json.get("schema")));
            Map<String, Object> examples = map(json.get("examples"));
            if (examples != null && !examples.isEmpty()) {
                example = map(examples.values().iterator().next()).get("value");
            } else if (json.get("example") != null) {
                example = json.get("example");
            } else if (schema != null) {
                example = schema.get("example");
            }
            if (example == null) {
                throw new IllegalStateException(
                        method + " " + path + " has a body without an example to build it from");
            }
            collectPointers(example, "", pointers, 0);
            collectSchemaPointers(schema, "", pointers, 0);
        }
        return new Operation(
                method, path, (String) op.get("operationId"), List.copyOf(params), secured, example, pointers);
    }

    private Param param(Object raw) {
        Map<String, Object> p = resolve(map(raw));
        return new Param((String) p.get("name"), (String) p.get("in"));
    }

    /** JSON pointers of every member and first array element of the example, to three levels. */
    private static void collectPointers(Object node, String at, Set<String> out, int depth) {
        if (depth >= 3) {
            return;
        }
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = at + "/" + e.getKey();
                out.add(p);
                collectPointers(e.getValue(), p, out, depth + 1);
            }
        } else if (node instanceof List<?> l && !l.isEmpty()) {
            out.add(at + "/0");
            collectPointers(l.get(0), at + "/0", out, depth + 1);
        }
    }

    /** Pointers of schema properties the example leaves out (optional fields are inputs too). */
    private void collectSchemaPointers(Map<String, Object> schema, String at, Set<String> out, int depth) {
        if (schema == null || depth >= 3) {
            return;
        }
        Map<String, Object> props = map(schema.get("properties"));
        if (props == null) {
            return;
        }
        for (Map.Entry<String, Object> e : props.entrySet()) {
            String p = at + "/" + e.getKey();
            out.add(p);
            collectSchemaPointers(resolve(map(e.getValue())), p, out, depth + 1);
        }
    }

    private Map<String, Object> resolve(Map<String, Object> node) {
        if (node == null || !(node.get("$ref") instanceof String ref)) {
            return node;
        }
        Map<String, Object> current = document;
        for (String part : ref.substring(2).split("/")) {
            current = map(current.get(part));
        }
        return resolve(current);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    /** YAML timestamps come back as the RFC 3339 strings the API reads. */
    private static Object normalize(Object node) {
        if (node instanceof Date d) {
            return d.toInstant().toString();
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
            return copy;
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(normalize(v)));
            return copy;
        }
        return node;
    }
}
