package com.marketmaker.http.auth;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.http.javadsl.model.AttributeKey;

/**
 * Who a request comes from: the token that authenticated it. Its {@code name} is the operator
 * journaled with every change it makes.
 *
 * @param tokenId the token's public id
 * @param name the token's name
 * @param roles the roles the token was issued with
 */
public record Principal(String tokenId, String name, Set<Role> roles) {

  /**
   * The request attribute the API's guard sets once a request is authenticated. Routes read the
   * operator from it; a client cannot set an attribute, unlike a header.
   */
  public static final AttributeKey<Principal> KEY =
      AttributeKey.create("principal", Principal.class);

  public Principal {
    roles = Set.copyOf(roles);
  }

  /** Whether one of the token's roles includes {@code needed}. */
  public boolean has(Role needed) {
    for (Role r : roles) {
      if (r.includes(needed)) {
        return true;
      }
    }
    return false;
  }

  /** The roles by their API names, sorted. */
  public List<String> roleLabels() {
    Set<String> out = new TreeSet<>();
    roles.forEach(r -> out.add(r.label()));
    return List.copyOf(out);
  }
}
