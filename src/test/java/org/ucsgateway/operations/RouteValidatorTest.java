package org.ucsgateway.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.TestRoutes;

/** The route checks of the validate command, on broken copies of routes/ in temporary folders. */
class RouteValidatorTest {

    @TempDir
    Path folder;

    private final RouteValidator validator = new RouteValidator(GatewayConfig.load(Map.of()).asMap(),
            GatewayBeans.types());

    @Test
    void shippedRoutesAreValid() throws Exception {
        assertEquals(List.of(), validator.validate(Path.of("routes")));
    }

    @Test
    void xmlSyntaxErrorHasLine() throws Exception {
        write("broken.xml", """
                <camel>
                  <route id="a">
                    <from uri="direct:a"/>
                  </rout>
                </camel>
                """);
        ValidationProblem problem = single();
        assertEquals(4, problem.line());
        assertTrue(problem.message().startsWith("Invalid XML"), problem.message());
    }

    @Test
    void unknownSchemeHasLine() throws Exception {
        write("scheme.xml", route("<to id=\"out\" uri=\"kafak:{{ucs.kafka.request-topic}}\"/>"));
        ValidationProblem problem = single();
        assertEquals(4, problem.line());
        assertTrue(problem.message().contains("Unknown endpoint scheme 'kafak'"), problem.message());
    }

    @Test
    void missingBeanHasLine() throws Exception {
        write("bean.xml", route("<bean id=\"step\" ref=\"ingres\" method=\"authenticate\"/>"));
        ValidationProblem problem = single();
        assertEquals(4, problem.line());
        assertTrue(problem.message().contains("Missing bean 'ingres'"), problem.message());
    }

    @Test
    void missingMethodIsReported() throws Exception {
        write("method.xml", route("<bean id=\"step\" ref=\"ingress\" method=\"authenticat\"/>"));
        ValidationProblem problem = single();
        assertTrue(problem.message().contains("no public method 'authenticat'"), problem.message());
    }

    @Test
    void unknownPlaceholderHasLine() throws Exception {
        write("placeholder.xml", route("<to id=\"out\" uri=\"kafka:{{ucs.kafka.requests-topic}}\"/>"));
        ValidationProblem problem = single();
        assertEquals(4, problem.line());
        assertTrue(problem.message().contains("{{ucs.kafka.requests-topic}}"), problem.message());
    }

    @Test
    void unbalancedPlaceholderIsReported() throws Exception {
        write("unbalanced.xml", route("<to id=\"out\" uri=\"kafka:{{ucs.kafka.request-topic}\"/>"));
        ValidationProblem problem = single();
        assertTrue(problem.message().contains("Unbalanced property placeholder"), problem.message());
    }

    @Test
    void unknownEndpointOptionIsReported() throws Exception {
        write("option.xml", route("<to id=\"out\" uri=\"kafka:{{ucs.kafka.request-topic}}?requestRequiredAck=all\"/>"));
        ValidationProblem problem = single();
        assertEquals(4, problem.line());
        assertTrue(problem.message().contains("requestRequiredAck"), problem.message());
    }

    @Test
    void beanReferenceInUriIsChecked() throws Exception {
        write("handlers.xml", """
                <camel>
                  <route id="a">
                    <from uri="jetty:http://{{ucs.http.host}}:{{ucs.http.port}}/x?handlers=#cometdHandlers"/>
                    <to uri="log:a"/>
                  </route>
                </camel>
                """);
        ValidationProblem problem = single();
        assertEquals(3, problem.line());
        assertTrue(problem.message().contains("Missing bean 'cometdHandlers'"), problem.message());
    }

    @Test
    void invalidSimpleExpressionIsReported() throws Exception {
        write("simple.xml", route("""
                <filter id="only-post"><simple>${header.CamelHttpMethod} == 'POST' &amp;&amp;</simple>\
                <to id="out" uri="log:a"/></filter>"""));
        ValidationProblem problem = single();
        assertTrue(problem.message().contains("Invalid simple expression"), problem.message());
    }

    @Test
    void unknownRouteConfigurationIsReported() throws Exception {
        write("configuration.xml", """
                <camel>
                  <route id="a" routeConfigurationId="http-errors">
                    <from uri="direct:a"/>
                    <to uri="log:a"/>
                  </route>
                </camel>
                """);
        ValidationProblem problem = single();
        assertEquals(2, problem.line());
        assertTrue(problem.message().contains("'http-errors'"), problem.message());
    }

    @Test
    void duplicateRouteIdIsReported() throws Exception {
        write("a.xml", route("<to id=\"out-a\" uri=\"log:a\"/>"));
        write("b.xml", route("<to id=\"out-b\" uri=\"log:b\"/>").replace("direct:a", "direct:b"));
        ValidationProblem problem = single();
        assertTrue(problem.message().contains("Duplicate route id 'probe'"), problem.message());
        assertTrue(problem.file().endsWith("b.xml"), problem.file());
    }

    @Test
    void brokenCopyOfShippedRoutesListsEveryError() throws Exception {
        Path routes = TestRoutes.copy();
        TestRoutes.replace(routes.resolve("ingress.xml"), "uri=\"kafka:{{ucs.kafka.request-topic}}\"",
                "uri=\"kafak:{{ucs.kafka.request-topic}}\"");
        TestRoutes.replace(routes.resolve("notification.xml"), "ref=\"notificationDispatcher\"",
                "ref=\"notifications\"");
        TestRoutes.replace(routes.resolve("ucs-adapter.xml"), "{{ucs.kafka.adapter-group-id}}",
                "{{ucs.kafka.adapter-group}}");
        List<ValidationProblem> problems = validator.validate(routes);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).file().endsWith("ingress.xml"), problems.toString());
        assertTrue(problems.get(1).file().endsWith("notification.xml"), problems.toString());
        assertTrue(problems.get(2).file().endsWith("ucs-adapter.xml"), problems.toString());
        for (ValidationProblem problem : problems) {
            assertTrue(problem.line() > 0, "no line in " + problem);
        }
    }

    @Test
    void missingFolderIsReported() throws Exception {
        List<ValidationProblem> problems = validator.validate(folder.resolve("nope"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("not found"), problems.toString());
    }

    private static String route(String step) {
        return """
                <camel>
                  <route id="probe">
                    <from uri="direct:a"/>
                    %s
                  </route>
                </camel>
                """.formatted(step);
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    private ValidationProblem single() throws Exception {
        List<ValidationProblem> problems = validator.validate(folder);
        assertEquals(1, problems.size(), "problems: " + problems);
        return problems.get(0);
    }
}
