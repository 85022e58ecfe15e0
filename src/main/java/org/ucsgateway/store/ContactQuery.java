package org.ucsgateway.store;

import java.util.Map;

/**
 * Attributes that identify a contact. A contact matches when every given attribute equals the
 * contact's; null attributes are not compared.
 *
 * @param attributes further attributes from userData, compared with the contact's attributes
 */
public record ContactQuery(String phoneNumber, String emailAddress, String lastName, Map<String, String> attributes) {
}
