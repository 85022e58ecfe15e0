package org.ucsgateway.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

/**
 * An OpenAPI or AsyncAPI document of {@code docs/}, read with Jackson YAML, whose schemas validate
 * JSON values with networknt json-schema-validator. A schema is addressed by the JSON pointer of
 * its node in the document, such as {@code /components/schemas/ErrorBody}, and its local
 * {@code $ref}s resolve against the whole document.
 */
final class ContractDocument {

    /** Top-level keys of OpenAPI 3.1 and AsyncAPI 3.0 documents, which are not JSON Schema keywords. */
    private static final List<String> DOCUMENT_KEYS = List.of("openapi", "asyncapi", "id", "info", "servers",
            "paths", "webhooks", "components", "security", "tags", "externalDocs", "channels", "operations",
            "defaultContentType", "jsonSchemaDialect", "x-notifications");

    private final String fileName;
    private final JsonNode root;
    private final String documentIri;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ContractDocument(String fileName, JsonNode root, JsonMetaSchema dialect, boolean openApi)
            throws IOException {
        this.fileName = fileName;
        this.root = root;
        // Formats such as date-time are checked, not only annotated.
        this.config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .discriminatorKeywordEnabled(openApi)
                .build();

        List<NonValidationKeyword> documentKeywords = new ArrayList<>();
        DOCUMENT_KEYS.forEach(key -> documentKeywords.add(new NonValidationKeyword(key)));
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(dialect.getIri(), dialect).keywords(documentKeywords).build();

        // The document is served from memory under a URN, so resolving a schema never opens a connection.
        this.documentIri = "urn:ucs-gateway:docs:" + fileName;
        String json = new ObjectMapper().writeValueAsString(root);
        this.factory = JsonSchemaFactory.builder()
                .defaultMetaSchemaIri(metaSchema.getIri())
                .metaSchema(metaSchema)
                .schemaLoaders(loaders -> loaders.schemas(Map.of(documentIri, json)))
                .build();
    }

    /**
     * Loads an OpenAPI 3.1 document, whose Schema Objects use the OpenAPI base dialect: JSON Schema
     * 2020-12 plus the OpenAPI keywords, of which discriminator selects the oneOf branch.
     */
    static ContractDocument openApi(Path file) throws IOException {
        return new ContractDocument(file.getFileName().toString(), new YAMLMapper().readTree(file.toFile()),
                OpenApi31.getInstance(), true);
    }

    /**
     * Loads an AsyncAPI 3.0 document, whose default schema format is a superset of JSON Schema
     * draft-07.
     */
    static ContractDocument asyncApi(Path file) throws IOException {
        return new ContractDocument(file.getFileName().toString(), new YAMLMapper().readTree(file.toFile()),
                JsonMetaSchema.getV7(), false);
    }

    String fileName() {
        return fileName;
    }

    JsonNode root() {
        return root;
    }

    /** Returns the node at a JSON pointer, or fails the test when the document has none there. */
    JsonNode at(String pointer) {
        JsonNode node = root.at(pointer);
        if (node.isMissingNode()) {
            fail(fileName + " has nothing at " + pointer);
        }
        return node;
    }

    /** Returns whether the document has a node at the JSON pointer. */
    boolean has(String pointer) {
        return !root.at(pointer).isMissingNode();
    }

    /** Follows local {@code $ref}s from the node at the pointer and returns the pointer of the node they lead to. */
    String resolve(String pointer) {
        String current = pointer;
        for (int hops = 0; hops < 20; hops++) {
            JsonNode reference = at(current).get("$ref");
            if (reference == null || !reference.isTextual()) {
                return current;
            }
            current = localPointer(reference.asText());
        }
        throw new AssertionError(fileName + ": more than 20 $ref hops from " + pointer);
    }

    /** Returns the validation messages of a value against the schema at the pointer; empty when valid. */
    List<String> validate(String schemaPointer, JsonNode value) {
        JsonSchema schema = schemas.computeIfAbsent(schemaPointer,
                pointer -> factory.getSchema(SchemaLocation.of(documentIri + "#" + pointer), config));
        Set<ValidationMessage> messages = schema.validate(value);
        return messages.stream()
                .map(message -> message.getMessage() + " (schema " + message.getSchemaLocation() + ")")
                .sorted()
                .collect(Collectors.toList());
    }

    /** Fails the test, naming document, schema, value and messages, when the value does not match the schema. */
    void assertValid(String schemaPointer, JsonNode value, String description) {
        List<String> messages = validate(schemaPointer, value);
        if (!messages.isEmpty()) {
            fail(fileName + ": " + description + " does not match schema #" + schemaPointer + ": "
                    + String.join("; ", messages) + "\n  value: " + value);
        }
    }

    /** Fails the test when the schema accepts a value that the gateway rejects. */
    void assertInvalid(String schemaPointer, JsonNode value, String description) {
        assertFalse(validate(schemaPointer, value).isEmpty(), fileName + ": schema #" + schemaPointer
                + " accepts " + description + ", which the gateway rejects\n  value: " + value);
    }

    /** Returns every local {@code $ref} of the document that points at no node. */
    List<String> unresolvedReferences() {
        List<String> unresolved = new ArrayList<>();
        collectUnresolved(root, "", unresolved);
        return unresolved;
    }

    private void collectUnresolved(JsonNode node, String pointer, List<String> unresolved) {
        if (node.isObject()) {
            JsonNode reference = node.get("$ref");
            if (reference != null && reference.isTextual()
                    && (!reference.asText().startsWith("#/") || !has(localPointer(reference.asText())))) {
                unresolved.add(pointer + "/$ref: " + reference.asText());
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                collectUnresolved(field.getValue(), pointer + "/" + escape(field.getKey()), unresolved);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnresolved(node.get(i), pointer + "/" + i, unresolved);
            }
        }
    }

    /** Returns the JSON pointer made of these reference tokens, escaping '~' and '/'. */
    static String pointer(String... tokens) {
        StringBuilder pointer = new StringBuilder();
        for (String token : tokens) {
            pointer.append('/').append(escape(token));
        }
        return pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private String localPointer(String reference) {
        if (!reference.startsWith("#/")) {
            throw new AssertionError(fileName + ": only local references are supported, found " + reference);
        }
        return reference.substring(1);
    }
}
