package org.ucsgateway.operations;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.SAXParserFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.LineNumberAware;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BasicOutputExpressionNode;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.OtherwiseDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks the XML route files without starting anything: no route, broker, store or HTTP port.
 * Each file must be well-formed XML that the Camel XML DSL accepts. Every endpoint URI must resolve
 * its property placeholders from the gateway configuration, name a component on the class path
 * and use only options that component has. Every bean reference must name a bean the gateway
 * binds, with the method the route calls. Every routeConfigurationId must exist, and route ids
 * must be unique across the files.
 */
public final class RouteValidator {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");
    private static final Pattern REFERENCE = Pattern.compile("[=&?]#(?:bean:)?([A-Za-z0-9_.-]+)");

    private final Map<String, String> properties;
    private final Map<String, Class<?>> beans;

    /**
     * @param properties  values for the property placeholders of the routes
     * @param beans       names and types of the beans the routes may reference
     */
    public RouteValidator(Map<String, String> properties, Map<String, Class<?>> beans) {
        this.properties = properties;
        this.beans = beans;
    }

    /** Validates every {@code *.xml} file of the folder and returns the problems found, in file order. */
    public List<ValidationProblem> validate(Path routesDir) throws Exception {
        List<ValidationProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(routesDir)) {
            problems.add(new ValidationProblem(routesDir.toString(), 0, "Route folder not found"));
            return problems;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(routesDir)) {
            files = list.filter(file -> file.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
        if (files.isEmpty()) {
            problems.add(new ValidationProblem(routesDir.toString(), 0, "No *.xml route file in the folder"));
            return problems;
        }

        // The context is never started, so it has no thread, port or connection, and it is not
        // closed either, because closing logs a shutdown of routes that never ran.
        CamelContext context = newContext();
        {
            Map<RouteDefinition, Path> routes = new IdentityHashMap<>();
            Map<RouteConfigurationDefinition, Path> configurations = new IdentityHashMap<>();
            for (Path file : files) {
                if (checkSyntax(file, problems)) {
                    load(context, file, routes, configurations, problems);
                }
            }
            DefaultRuntimeCamelCatalog catalog = new DefaultRuntimeCamelCatalog();
            catalog.setCamelContext(context);
            checkRouteIds(routes, problems);
            checkConfigurationIds(routes, configurations, problems);
            configurations.forEach((configuration, file) -> {
                for (OnExceptionDefinition onException : configuration.getOnExceptions()) {
                    checkNode(context, catalog, file, onException, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
                }
            });
            routes.forEach((route, file) -> {
                checkUri(context, catalog, file, route.getInput().getUri(), route.getInput().getLineNumber(), problems);
                checkNode(context, catalog, file, route, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
            });
        }
        problems.sort((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.line(), b.line())
                : a.file().compareTo(b.file()));
        return problems;
    }

    private DefaultCamelContext newContext() {
        DefaultCamelContext context = new DefaultCamelContext(false);
        context.setSourceLocationEnabled(true);
        Properties initial = new Properties();
        initial.putAll(properties);
        context.getPropertiesComponent().setInitialProperties(initial);
        context.build();
        return context;
    }

    /** Parses the file as plain XML; returns false, after adding the problem, when it is not well-formed. */
    private static boolean checkSyntax(Path file, List<ValidationProblem> problems) {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newSAXParser().parse(file.toFile(), new DefaultHandler());
            return true;
        } catch (SAXParseException e) {
            problems.add(new ValidationProblem(file.toString(), Math.max(e.getLineNumber(), 0),
                    "Invalid XML: " + e.getMessage()));
        } catch (Exception e) {
            problems.add(new ValidationProblem(file.toString(), 0, "Failed to read the file: " + e.getMessage()));
        }
        return false;
    }

    private static void load(CamelContext context, Path file, Map<RouteDefinition, Path> routes,
                             Map<RouteConfigurationDefinition, Path> configurations, List<ValidationProblem> problems) {
        ModelCamelContext model = (ModelCamelContext) context;
        Set<RouteDefinition> knownRoutes = identitySet(model.getRouteDefinitions());
        Set<RouteConfigurationDefinition> knownConfigurations = identitySet(model.getRouteConfigurationDefinitions());
        try {
            Resource resource = PluginHelper.getResourceLoader(context).resolveResource("file:" + file.toAbsolutePath());
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
                context.addRoutes(builder);
                if (builder instanceof RouteConfigurationsBuilder configurationsBuilder) {
                    context.addRoutesConfigurations(configurationsBuilder);
                }
            }
        } catch (Exception e) {
            problems.add(new ValidationProblem(file.toString(), lineOf(e), "Invalid route file: " + rootMessage(e)));
            return;
        }
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (!knownRoutes.contains(route)) {
                routes.put(route, file);
            }
        }
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            if (!knownConfigurations.contains(configuration)) {
                configurations.put(configuration, file);
            }
        }
    }

    private static <T> Set<T> identitySet(List<T> items) {
        Set<T> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(items);
        return set;
    }

    private static void checkRouteIds(Map<RouteDefinition, Path> routes, List<ValidationProblem> problems) {
        Map<String, Path> seen = new HashMap<>();
        List<Map.Entry<RouteDefinition, Path>> inFileOrder = new ArrayList<>(routes.entrySet());
        inFileOrder.sort(Comparator.comparing((Map.Entry<RouteDefinition, Path> entry) -> entry.getValue())
                .thenComparingInt(entry -> entry.getKey().getLineNumber()));
        inFileOrder.forEach(entry -> {
            RouteDefinition route = entry.getKey();
            Path file = entry.getValue();
            String id = route.getRouteId();
            if (id == null || id.isBlank()) {
                problems.add(new ValidationProblem(file.toString(), route.getLineNumber(),
                        "Route without an id: give every route an id, so that reloading replaces it"));
                return;
            }
            Path other = seen.putIfAbsent(id, file);
            if (other != null) {
                problems.add(new ValidationProblem(file.toString(), route.getLineNumber(),
                        "Duplicate route id '" + id + "', also used in " + other));
            }
        });
    }

    private static void checkConfigurationIds(Map<RouteDefinition, Path> routes,
                                              Map<RouteConfigurationDefinition, Path> configurations,
                                              List<ValidationProblem> problems) {
        Set<String> ids = new TreeSet<>();
        configurations.keySet().forEach(configuration -> ids.add(configuration.getId()));
        routes.forEach((route, file) -> {
            String configurationIds = route.getRouteConfigurationId();
            if (configurationIds == null) {
                return;
            }
            for (String id : configurationIds.split(",")) {
                if (!ids.contains(id.trim())) {
                    problems.add(new ValidationProblem(file.toString(), route.getLineNumber(),
                            "Route '" + route.getRouteId() + "' uses routeConfigurationId '" + id.trim()
                                    + "', which no route file defines; defined: " + ids));
                }
            }
        });
    }

    /** Checks one node of a route or route configuration and, depth first, the nodes inside it. */
    private void checkNode(CamelContext context, DefaultRuntimeCamelCatalog catalog, Path file, Object node,
                           List<ValidationProblem> problems, Set<Object> visited) {
        if (node == null || !visited.add(node)) {
            return;
        }
        int line = node instanceof LineNumberAware aware ? aware.getLineNumber() : -1;
        if (node instanceof EndpointRequiredDefinition endpoint && !(node instanceof RouteDefinition)) {
            checkUri(context, catalog, file, endpoint.getEndpointUri(), line, problems);
        }
        if (node instanceof BeanDefinition bean) {
            checkBean(file, line, bean, problems);
        }
        if (node instanceof ExpressionNode expressionNode) {
            checkExpression(context, file, line, expressionNode.getExpression(), problems);
        }
        if (node instanceof BasicOutputExpressionNode when) {
            checkExpression(context, file, line, when.getExpression(), problems);
            when.getOutputs().forEach(output -> checkNode(context, catalog, file, output, problems, visited));
        }
        if (node instanceof OnExceptionDefinition onException) {
            checkExceptions(file, line, onException, problems);
        }
        if (node instanceof ChoiceDefinition choice) {
            choice.getWhenClauses().forEach(when -> checkNode(context, catalog, file, when, problems, visited));
            checkNode(context, catalog, file, choice.getOtherwise(), problems, visited);
        }
        if (node instanceof OtherwiseDefinition otherwise) {
            otherwise.getOutputs().forEach(output -> checkNode(context, catalog, file, output, problems, visited));
        }
        if (node instanceof ProcessorDefinition<?> processor) {
            processor.getOutputs().forEach(output -> checkNode(context, catalog, file, output, problems, visited));
        }
    }

    private void checkUri(CamelContext context, DefaultRuntimeCamelCatalog catalog, Path file, String uri, int line,
                          List<ValidationProblem> problems) {
        if (uri == null) {
            return;
        }
        int at = line > 0 ? line : lineContaining(file, uri);
        String resolved = resolvePlaceholders(file, at, uri, problems);
        if (resolved == null) {
            return;
        }
        int colon = resolved.indexOf(':');
        String scheme = colon > 0 ? resolved.substring(0, colon) : resolved;
        if (catalog.componentJSonSchema(scheme) == null) {
            problems.add(new ValidationProblem(file.toString(), at, "Unknown endpoint scheme '" + scheme
                    + "' in uri " + uri + ": no Camel component of that name is on the class path"));
            return;
        }
        Matcher reference = REFERENCE.matcher(resolved);
        while (reference.find()) {
            if (!beans.containsKey(reference.group(1))) {
                problems.add(new ValidationProblem(file.toString(), at, "Missing bean '" + reference.group(1)
                        + "' referenced by uri " + uri + "; the gateway binds " + beans.keySet()));
            }
        }
        if (resolved.contains("${")) {
            // A dynamic uri (toD) gets its options only at run time, so they cannot be checked here.
            return;
        }
        try {
            EndpointValidationResult result = catalog.validateEndpointProperties(resolved, true);
            if (!result.isSuccess()) {
                problems.add(new ValidationProblem(file.toString(), at, "Invalid endpoint uri " + uri + ": "
                        + result.summaryErrorMessage(false, false, true).replaceAll("\\s+", " ").trim()));
            }
        } catch (RuntimeException e) {
            problems.add(new ValidationProblem(file.toString(), at, "Invalid endpoint uri " + uri + ": " + e.getMessage()));
        }
    }

    /** Returns the text with its placeholders replaced, or null after adding a problem for an unknown key. */
    private String resolvePlaceholders(Path file, int line, String text, List<ValidationProblem> problems) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder resolved = new StringBuilder();
        boolean valid = true;
        while (matcher.find()) {
            String key = matcher.group(1);
            String defaultValue = null;
            int colon = key.indexOf(':');
            if (colon >= 0) {
                defaultValue = key.substring(colon + 1);
                key = key.substring(0, colon);
            }
            String value = properties.get(key.trim());
            if (value == null && defaultValue == null) {
                problems.add(new ValidationProblem(file.toString(), line, "Unknown property placeholder {{"
                        + matcher.group(1) + "}} in " + text + ": no configuration key " + key.trim()
                        + " in application.properties"));
                valid = false;
                continue;
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value != null ? value : defaultValue));
        }
        if (!valid) {
            return null;
        }
        matcher.appendTail(resolved);
        String result = resolved.toString();
        if (result.contains("{{") || result.contains("}}")) {
            problems.add(new ValidationProblem(file.toString(), line, "Unbalanced property placeholder in " + text
                    + ": write {{key}}"));
            return null;
        }
        return result;
    }

    private void checkBean(Path file, int line, BeanDefinition bean, List<ValidationProblem> problems) {
        String ref = bean.getRef();
        if (ref == null) {
            return;
        }
        int at = line > 0 ? line : lineContaining(file, "ref=\"" + ref + "\"");
        Class<?> type = beans.get(ref);
        if (type == null) {
            problems.add(new ValidationProblem(file.toString(), at, "Missing bean '" + ref
                    + "': the gateway binds " + beans.keySet()));
            return;
        }
        String method = bean.getMethod();
        if (method == null) {
            return;
        }
        String name = method.contains("(") ? method.substring(0, method.indexOf('(')) : method;
        boolean found = Arrays.stream(type.getMethods())
                .filter(candidate -> !Modifier.isStatic(candidate.getModifiers()))
                .map(Method::getName)
                .anyMatch(name::equals);
        if (!found) {
            problems.add(new ValidationProblem(file.toString(), at, "Bean '" + ref + "' (" + type.getSimpleName()
                    + ") has no public method '" + name + "'"));
        }
    }

    private void checkExpression(CamelContext context, Path file, int line, ExpressionDefinition expression,
                                 List<ValidationProblem> problems) {
        if (expression == null || expression.getExpression() == null) {
            return;
        }
        String text = expression.getExpression();
        int at = line > 0 ? line : lineContaining(file, text);
        String resolved = resolvePlaceholders(file, at, text, problems);
        if (resolved == null) {
            return;
        }
        String language = expression.getLanguage();
        if (!"simple".equals(language)) {
            return;
        }
        try {
            context.resolveLanguage("simple").createPredicate(resolved);
        } catch (RuntimeException e) {
            problems.add(new ValidationProblem(file.toString(), at, "Invalid simple expression " + text + ": "
                    + e.getMessage()));
        }
    }

    private static void checkExceptions(Path file, int line, OnExceptionDefinition onException,
                                        List<ValidationProblem> problems) {
        for (String name : onException.getExceptions()) {
            try {
                Class.forName(name.trim(), false, RouteValidator.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                int at = line > 0 ? line : lineContaining(file, name);
                problems.add(new ValidationProblem(file.toString(), at, "Unknown exception class '" + name
                        + "' in onException"));
            }
        }
    }

    /** Returns the 1-based number of the first line containing the text, or 0. */
    private static int lineContaining(Path file, String text) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String escaped = text.replace("&", "&amp;");
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text) || lines.get(i).contains(escaped)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static int lineOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            Matcher matcher = Pattern.compile("line (\\d+)|@(\\d+):\\d+|:(\\d+):\\d+").matcher(String.valueOf(cause.getMessage()));
            if (matcher.find()) {
                for (int group = 1; group <= 3; group++) {
                    if (matcher.group(group) != null) {
                        return Integer.parseInt(matcher.group(group));
                    }
                }
            }
        }
        return 0;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
