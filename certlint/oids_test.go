package certlint

import encasn1 "encoding/asn1"

// Object identifiers the PKCS#12 tests build files with (RFC 7292 App. D,
// RFC 5652 §§4-6, RFC 2985, and the Microsoft bag attributes).
var (
	oidData            = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidEnvelopedData   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}
	oidEncryptedData   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag          = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKeyBag  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag         = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidSafeContentsBag = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 6}
	oidX509Certificate = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidMSCSPName       = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 1}
	oidMSLocalMachine  = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 2}
	oidKeyUsageAttr    = encasn1.ObjectIdentifier{2, 5, 29, 15}
)
