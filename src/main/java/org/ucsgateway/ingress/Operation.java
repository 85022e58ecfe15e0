package org.ucsgateway.ingress;

import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An operation of the HTTP API.
 *
 * @param name       the operationName clients send
 * @param features   contact-center features of which at least one enables the operation
 * @param keyField   validated parameter whose value keys the request record, so that all records
 *                   of one call stay in order in one partition
 * @param validator  checks the body and returns the parameters to publish
 */
public record Operation(String name, Set<String> features, String keyField, UnaryOperator<ObjectNode> validator) {
}
