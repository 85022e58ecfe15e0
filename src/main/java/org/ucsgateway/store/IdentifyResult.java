package org.ucsgateway.store;

/**
 * Outcome of identifying a contact.
 *
 * @param contactId the single matching or created contact, or null
 * @param matches   number of matching contacts found (0, 1, or more); a created contact counts 0
 * @param created   true when the contact was created for this request
 */
public record IdentifyResult(String contactId, int matches, boolean created) {
}
