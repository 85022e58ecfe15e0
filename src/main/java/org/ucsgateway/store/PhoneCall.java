package org.ucsgateway.store;

/**
 * The FindPhoneCall parameters that describe a phone call, as validated by the ingress.
 *
 * @param userData user data as a JSON object text
 */
public record PhoneCall(
        String callId,
        String status,
        String phoneNumber,
        String type,
        String contactId,
        String parentId,
        String threadId,
        String subject,
        String userData) {
}
