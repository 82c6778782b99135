package dev.lockstep.inmemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The versioned migration scripts ({@code V<version>__<name>.sql}, Flyway's naming) of one classpath
 * folder, from a directory or a jar, sorted by version as Flyway sorts them.
 */
final class MigrationScripts {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__[^/]*\\.sql");

    private MigrationScripts() {}

    /** The resource names ({@code folder/V1__x.sql}) of the folder's versioned scripts, oldest first. */
    static List<String> inVersionOrder(String folder) {
        URL url = MigrationScripts.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("no migrations at classpath:" + folder);
        }
        List<String> names = new ArrayList<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                URLConnection connection = url.openConnection();
                connection.setUseCaches(false); // a cached JarFile is the class loader's: never close it
                try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String name = e.nextElement().getName();
                        if (name.startsWith(folder + "/") && name.indexOf('/', folder.length() + 1) < 0) {
                            names.add(name.substring(folder.length() + 1));
                        }
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.map(f -> f.getFileName().toString()).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names.stream()
                .filter(n -> VERSIONED.matcher(n).matches())
                .sorted(Comparator.comparing(MigrationScripts::version, MigrationScripts::compareVersions))
                .map(n -> folder + "/" + n)
                .toList();
    }

    private static long[] version(String name) {
        Matcher m = VERSIONED.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name);
        }
        return Stream.of(m.group(1).split("[._]")).mapToLong(Long::parseLong).toArray();
    }

    private static int compareVersions(long[] a, long[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Long.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
