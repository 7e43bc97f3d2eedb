package io.github.simplemqtt.tls;

import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Distinguished names read with Bouncy Castle, for {@link Certificates}. A class of its own so that
 * the JDK-only checks there ({@link Certificates#isIssuedBy} and the like) load no Bouncy Castle
 * class: names are needed only when a message names a certificate.
 */
final class Names {
  private Names() {}

  /** The first CN's text as it is: a string unescaped, any other value as ASN.1 prints it. */
  static Optional<String> commonNameText(X500Principal principal) {
    return firstCn(principal)
        .map(value -> value instanceof ASN1String text ? text.getString() : value.toString());
  }

  /** The first CN in RFC 4514 form: special characters escaped, a non-string value as #hex. */
  static Optional<String> commonNameRfc4514(X500Principal principal) {
    return firstCn(principal).map(IETFUtils::valueToString);
  }

  /** The whole name, first RDN first, with Bouncy Castle's attribute names ("O=Tests,OU=Lab"). */
  static String inOrder(X500Principal principal) {
    return X500Name.getInstance(principal.getEncoded()).toString();
  }

  private static Optional<ASN1Encodable> firstCn(X500Principal principal) {
    RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
    if (rdns.length == 0 || rdns[0].getFirst() == null) {
      return Optional.empty();
    }
    return Optional.of(rdns[0].getFirst().getValue());
  }
}
