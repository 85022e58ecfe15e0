package org.ucsgateway.store;

/**
 * Outcome of a find-or-create.
 *
 * @param created true when the request with this referenceId created the interaction, also
 *                when the same request is processed again after a redelivery
 */
public record FindResult(String interactionId, boolean created) {
}
