package io.positionpolicy.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what the DRL compiler looks up: class files and resources (with their bytes) and the names that are not
 * classes. Drools and its Java compiler probe every type and package a rule mentions, most of them absent; behind
 * Quarkus' runner class loader each probe may reopen (and re-verify) a signed jar, which made every recompile take
 * seconds. Found classes still load from the parent, once.
 */
final class ResourceCachingClassLoader extends ClassLoader {
    private final Set<String> notClasses = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Optional<URL>> resources = new ConcurrentHashMap<>();

    ResourceCachingClassLoader(ClassLoader parent) {
        super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (notClasses.contains(name)) {
            throw new ClassNotFoundException(name);
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException e) {
            notClasses.add(name);
            throw e;
        }
    }

    @Override
    public URL getResource(String name) {
        return resources.computeIfAbsent(name, this::cached).orElse(null);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        URL url = getResource(name);
        try {
            return url == null ? null : url.openStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parent's resource, read once and served from memory afterwards. */
    private Optional<URL> cached(String name) {
        URL original = getParent().getResource(name);
        if (original == null) {
            return Optional.empty();
        }
        try (InputStream in = original.openStream()) {
            byte[] bytes = in.readAllBytes();
            return Optional.of(new URL("memory", null, -1, "/" + name, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL url) {
                    return new URLConnection(url) {
                        @Override
                        public void connect() {
                            // nothing to connect to: the bytes are in memory
                        }

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream(bytes);
                        }
                    };
                }
            }));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            return Optional.of(original);
        }
    }
}
