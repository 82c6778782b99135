package dev.lockstep.http.support;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * One configured API key ({@code lockstep.api-keys} list entry): a name, the SHA-256 (hex) of the
 * key — the key itself is never stored — the tenants it may act on ({@code *} for all) and whether
 * it may use admin routes.
 */
@EachProperty(value = "lockstep.api-keys", list = true)
public final class ApiKeyConfig {
  private final int index;
  private String name;
  private String sha256;
  private List<String> tenants = List.of();
  private boolean admin;

  public ApiKeyConfig(@Parameter Integer index) {
    this.index = index;
  }

  public int getIndex() {
    return index;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public List<String> getTenants() {
    return tenants;
  }

  public void setTenants(List<String> tenants) {
    this.tenants = tenants == null ? List.of() : List.copyOf(tenants);
  }

  public boolean isAdmin() {
    return admin;
  }

  public void setAdmin(boolean admin) {
    this.admin = admin;
  }
}
