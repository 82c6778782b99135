package dev.lockstep.http.ops;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A self-contained, browsable page of the OpenAPI document: every route with its parameters, body
 * and answers, and the schemas. No script and nothing fetched from elsewhere, so it works offline.
 */
final class DocsPage {
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  private DocsPage() {}

  @SuppressWarnings("unchecked")
  static String render(String specYaml) {
    Map<String, Object> spec = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(specYaml);
    Map<String, Object> info = map(spec.get("info"));
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lockstep API</title><style>")
        .append("body{font:15px/1.45 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}")
        .append("h1{margin-bottom:.2rem}code,pre{font:13px ui-monospace,monospace}")
        .append("details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}")
        .append("summary{cursor:pointer}.m{display:inline-block;min-width:4.2rem;font-weight:600;text-transform:uppercase}")
        .append(".get{color:#0969da}.post{color:#1a7f37}.patch,.put{color:#9a6700}.delete{color:#cf222e}")
        .append("table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}")
        .append("</style></head><body>");
    html.append("<h1>").append(esc(String.valueOf(info.getOrDefault("title", "lockstep")))).append(" API</h1>");
    html.append("<p>").append(esc(String.valueOf(info.getOrDefault("description", "")))).append("</p>");
    html.append("<p>Machine-readable: <a href=\"/openapi.yml\">/openapi.yml</a>. Authenticate with <code>Authorization: Bearer &lt;api key&gt;</code>.")
        .append(" Errors are <code>application/problem+json</code> with a stable <code>code</code>.</p>");
    Map<String, Object> paths = map(spec.get("paths"));
    for (Map.Entry<String, Object> p : paths.entrySet()) {
      Map<String, Object> ops = map(p.getValue());
      for (String method : METHODS) {
        if (!ops.containsKey(method)) {
          continue;
        }
        Map<String, Object> op = map(ops.get(method));
        html.append("<details><summary><span class=\"m ").append(method).append("\">").append(method).append("</span> <code>")
            .append(esc(p.getKey())).append("</code> ").append(esc(String.valueOf(op.getOrDefault("summary", op.getOrDefault("operationId", "")))))
            .append("</summary>");
        if (op.get("description") != null) {
          html.append("<p>").append(esc(String.valueOf(op.get("description")))).append("</p>");
        }
        List<Object> params = op.get("parameters") instanceof List<?> l ? (List<Object>) l : List.of();
        if (!params.isEmpty()) {
          html.append("<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th></tr>");
          for (Object o : params) {
            Map<String, Object> prm = map(o);
            html.append("<tr><td><code>").append(esc(String.valueOf(prm.get("name")))).append("</code></td><td>")
                .append(esc(String.valueOf(prm.get("in")))).append("</td><td>").append(Boolean.TRUE.equals(prm.get("required")) ? "yes" : "no")
                .append("</td><td>").append(esc(schemaName(map(prm.get("schema"))))).append("</td></tr>");
          }
          html.append("</table>");
        }
        if (op.get("requestBody") != null) {
          html.append("<p>Body: <code>").append(esc(contentSchema(map(op.get("requestBody"))))).append("</code></p>");
        }
        Map<String, Object> responses = map(op.get("responses"));
        if (!responses.isEmpty()) {
          html.append("<table><tr><th>status</th><th>answer</th></tr>");
          for (Map.Entry<String, Object> r : responses.entrySet()) {
            Map<String, Object> resp = map(r.getValue());
            html.append("<tr><td>").append(esc(r.getKey())).append("</td><td>").append(esc(String.valueOf(resp.getOrDefault("description", ""))))
                .append(" <code>").append(esc(contentSchema(resp))).append("</code></td></tr>");
          }
          html.append("</table>");
        }
        html.append("</details>");
      }
    }
    Map<String, Object> schemas = map(map(spec.get("components")).get("schemas"));
    if (!schemas.isEmpty()) {
      html.append("<h2>Schemas</h2>");
      for (Map.Entry<String, Object> s : schemas.entrySet()) {
        Map<String, Object> schema = map(s.getValue());
        html.append("<details><summary><code>").append(esc(s.getKey())).append("</code></summary><table><tr><th>field</th><th>type</th></tr>");
        for (Map.Entry<String, Object> f : map(schema.get("properties")).entrySet()) {
          html.append("<tr><td><code>").append(esc(f.getKey())).append("</code></td><td>").append(esc(schemaName(map(f.getValue()))))
              .append("</td></tr>");
        }
        html.append("</table></details>");
      }
    }
    return html.append("</body></html>").toString();
  }

  private static String contentSchema(Map<String, Object> holder) {
    Map<String, Object> content = map(holder.get("content"));
    if (content.isEmpty()) {
      return "";
    }
    Map.Entry<String, Object> first = content.entrySet().iterator().next();
    return first.getKey() + " " + schemaName(map(map(first.getValue()).get("schema")));
  }

  private static String schemaName(Map<String, Object> schema) {
    if (schema.get("$ref") != null) {
      String ref = String.valueOf(schema.get("$ref"));
      return ref.substring(ref.lastIndexOf('/') + 1);
    }
    if ("array".equals(schema.get("type"))) {
      return schemaName(map(schema.get("items"))) + "[]";
    }
    Object type = schema.getOrDefault("type", "object");
    return schema.get("format") != null ? type + " (" + schema.get("format") + ")" : String.valueOf(type);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
