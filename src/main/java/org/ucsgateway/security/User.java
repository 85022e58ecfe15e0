package org.ucsgateway.security;

import java.util.List;
import java.util.Set;

/** An authenticated user with the contact center it belongs to and that center's features. */
public record User(String userName, String contactCenter, List<String> roles, Set<String> features) {

    public boolean hasFeature(String feature) {
        return features.contains(feature);
    }
}
