package com.marketmaker.simulator.exchange;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trading account of the simulated venue, identified on the wire by its API key and authenticated
 * by HMAC-SHA256 signatures made with its secret.
 *
 * <p>The secret never appears in {@link #toString()} (nor in any log line of the simulator).
 *
 * @param name the account's name in the simulator's admin answers and ledger
 * @param apiKey the {@code X-MBX-APIKEY} value, 1 to 128 letters and digits
 * @param secret the HMAC key, at least 8 characters
 */
public record ExchangeAccount(String name, String apiKey, String secret) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{1,128}");

  /** The account of the simulator's synthetic order flow; it cannot be used over REST. */
  public static final String CROWD = "crowd";

  public ExchangeAccount {
    Objects.requireNonNull(secret, "secret");
    if (!validName(name)) {
      throw new IllegalArgumentException(
          "account name must be 1 to 64 characters of [A-Za-z0-9_.-], got '" + name + "'");
    }
    if (name.equals(CROWD)) {
      throw new IllegalArgumentException("'" + CROWD + "' is the synthetic flow's account");
    }
    if (!validApiKey(apiKey)) {
      throw new IllegalArgumentException(
          "API key of account " + name + " must be 1 to 128 letters and digits");
    }
    if (secret.length() < 8 || secret.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException(
          "secret of account " + name + " must be at least 8 printable ASCII characters");
    }
  }

  /** Whether {@code name} has the shape of an account name. */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Whether {@code key} has the shape of an API key (not whether it is known). */
  public static boolean validApiKey(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  @Override
  public String toString() {
    return "ExchangeAccount[name=" + name + ", apiKey=" + apiKey + ", secret=***]";
  }
}
