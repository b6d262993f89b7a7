package events

import (
	"slices"
	"sort"
)

// Event kinds: what an OpsMgr connector event is about, and so where an admin
// looks first.
const (
	// EventKindCertificate: certificate-based mutual authentication (the
	// certificate, its key, its chain, or how MOMCertImport registered it).
	KindCertificate = "certificate"
	// EventKindKerberos: Kerberos mutual authentication (SPNs, domain and
	// forest trust, domain controllers).
	KindKerberos = "kerberos"
	// EventKindNetwork: name resolution or the TCP connection on port 5723.
	KindNetwork = "network"
	// EventKindGeneral: a symptom that follows some other failure; read the
	// events logged just before it.
	KindGeneral = "general"
)

// Confidence says how well a fact is established: what an event means, or
// that a defect raises a given event (a lint's mapping).
type Confidence string

const (
	// ConfidenceDocumented: Microsoft's documentation (Microsoft Learn
	// articles, the event's own message text as Microsoft publishes it)
	// states it.
	ConfidenceDocumented Confidence = "documented"
	// ConfidenceField: field reports and field scripts state it (OpsMgr
	// consultants' lists, Test-SCOMCertificate.ps1); Microsoft does not.
	ConfidenceField Confidence = "field"
	// ConfidenceInferred: certlint's reading of the facts (the order of
	// events, what a field script checks, how Windows stores keys); no
	// source states it, so treat it as likely, not certain.
	ConfidenceInferred Confidence = "inferred"
)

// Valid reports whether c is one of the defined confidences.
func (c Confidence) Valid() bool {
	return c == ConfidenceDocumented || c == ConfidenceField || c == ConfidenceInferred
}

// Describe words c for people.
func (c Confidence) Describe() string {
	switch c {
	case ConfidenceDocumented:
		return "documented by Microsoft"
	case ConfidenceField:
		return "field reports, not Microsoft's documentation"
	case ConfidenceInferred:
		return "inferred by certlint, unconfirmed: likely, not certain"
	}
	return "unknown"
}

// LogStep is one event of the sequence the connector logs for one cause.
type LogStep struct {
	// ID is the event; 0 stands for "the load event that names the cause"
	// (one of LoadEvents()).
	ID int
	// Note says where or when it is logged.
	Note string
}

// Event describes one "OpsMgr Connector" event of the Operations Manager
// event log (Event Viewer > Applications and Services Logs > Operations
// Manager): what it means, what usually causes it, how to fix it, and what to
// run to find out. The texts are certlint's own; References cite the sources
// of the facts.
type Event struct {
	ID int
	// Title is a one-line summary.
	Title string
	// Kind is one of EventKindCertificate, EventKindKerberos,
	// EventKindNetwork, EventKindGeneral.
	Kind string
	// Meaning says what the connector is telling the admin, and which
	// computer logs it.
	Meaning string
	// Causes are the usual causes, most likely first.
	Causes []string
	// Fixes say what to do and on which side (agent, gateway, management
	// server).
	Fixes []string
	// Checks are concrete commands or console paths an admin runs to confirm
	// the cause.
	Checks []string
	// Source is the public URL that backs the event's ID and meaning best;
	// References cite it and the other sources.
	Source string
	// Confidence says how well the event's ID and meaning are established.
	Confidence Confidence
	// Sequence is the order in which the events of one cause appear in the
	// Operations Manager log, this event included; empty when the event
	// stands alone or follows too many causes to list.
	Sequence []LogStep
	// References cite where the facts come from, each with a public URL.
	References []string
}

// Public sources of the catalog and the lints' event mappings.
const (
	// URLAgentConnectivity: Microsoft KB10066, the table of OpsMgr Connector
	// events with their message texts.
	URLAgentConnectivity = "https://learn.microsoft.com/en-us/troubleshoot/system-center/scom/troubleshoot-agent-connectivity-issues"
	// URLGrayAgents: Microsoft KB2288515 (quotes event 20051).
	URLGrayAgents = "https://learn.microsoft.com/en-us/troubleshoot/system-center/scom/troubleshoot-gray-agent-states"
	// URLWorkgroup: Microsoft KB947691 (quotes the subject-name load failure,
	// 21007 and 21016).
	URLWorkgroup = "https://learn.microsoft.com/en-us/troubleshoot/system-center/scom/cannot-monitor-workgroup-computer-without-gateway-server"
	// URLObtainCertificate: Microsoft's certificate requirements for
	// Operations Manager (legacy CSP, KeySpec, EKUs, CN = FQDN).
	URLObtainCertificate = "https://learn.microsoft.com/en-us/system-center/scom/obtain-certificate-windows-server-and-operations-manager"
	// URLGateway: installing a gateway server (MOMCertImport, approval tool).
	URLGateway = "https://learn.microsoft.com/en-us/system-center/scom/deploy-install-gateway-server"
	// URLFieldGuide: Pete Zerger's field list of OpsMgr 2007 SP1
	// mutual-authentication errors (also valid for System Center Essentials
	// 2007 and later OpsMgr releases).
	URLFieldGuide = "https://santacana.wordpress.com/2010/12/06/opsmgr-master-list-of-mutual-authentication-related-errors-for-opsmgr-2007/"
	// URLFieldScript: Test-SCOMCertificate.ps1 (MIT), the field script that
	// checks a registered certificate the way support engineers do.
	URLFieldScript = "https://github.com/blakedrumm/SCOM-Scripts-and-SQL"
	// URLCertGetNameString: how Windows reads "the" DNS name of a
	// certificate (CERT_NAME_DNS_TYPE: the first DNS SAN, else the CN).
	URLCertGetNameString = "https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/nf-wincrypt-certgetnamestringw"
)

// RecommendedCSP is the one provider certlint recommends for the key of an
// OpsMgr certificate: a legacy CryptoAPI CSP (Microsoft: keys in a CNG Key
// Storage Provider are not supported), the RSA one that also does SHA-2 and
// AES (MS_ENH_RSA_AES_PROV, ProviderType 24). Microsoft's sample request for
// Operations Manager names "Microsoft RSA SChannel Cryptographic Provider"
// (ProviderType 12), which is equally a legacy RSA CSP and works as well;
// certlint names one provider in every fix, in the catalog and in the PFX
// that certlint fix writes, so that an admin gets one answer.
const RecommendedCSP = "Microsoft Enhanced RSA and AES Cryptographic Provider"

// Citations used by the catalog.
const (
	refFieldGuide   = "Pete Zerger, Master list of mutual authentication related errors for OpsMgr 2007 (field reports): " + URLFieldGuide
	refObtainCert   = "Microsoft Learn, Obtain a certificate for use with Windows Servers and System Center Operations Manager: " + URLObtainCertificate
	refKB947691     = "Microsoft KB947691, Can't monitor a workgroup computer without a gateway server: " + URLWorkgroup
	refConnectivity = "Microsoft KB10066, Troubleshoot agent connectivity issues in Operations Manager (OpsMgr Connector event table): " + URLAgentConnectivity
	refGrayAgents   = "Microsoft KB2288515, Troubleshoot gray agent states in System Center Operations Manager: " + URLGrayAgents
	refGateway      = "Microsoft Learn, Install a gateway server (MOMCertImport /SubjectName, gateway approval tool): " + URLGateway
	refFieldScript  = "Test-SCOMCertificate.ps1, the field script of blakedrumm/SCOM-Scripts-and-SQL (MIT; Powershell/Test-SCOMCertificate.ps1): " + URLFieldScript
	refNameString   = "Microsoft Learn, CertGetNameString (CERT_NAME_DNS_TYPE: first DNS name of the SAN, else the subject CN): " + URLCertGetNameString
)

// loadEvents are the events the connector logs when it refuses the
// certificate registered for this computer while loading it; each is
// followed by 21021, then 21007 on every connection attempt, then 21016.
var loadEvents = []int{20049, 20050, 20051, 20052, 20066, 20068, 20069, 20075, 20077, 21036}

// LoadEvents returns the load events (see LogStep): the events that name
// why the connector refused this computer's own certificate at HealthService
// start, before 21021. The result is a copy.
func LoadEvents() []int { return slices.Clone(loadEvents) }

// loadSequence is the Sequence of a load event.
func loadSequence(id int) []LogStep {
	return []LogStep{
		{ID: id, Note: "on this computer, when HealthService starts and loads its registered certificate"},
		{ID: 21021, Note: "right after: this computer now has no certificate at all"},
		{ID: 21007, Note: "on each connection attempt toward a peer outside Kerberos trust"},
		{ID: 21016, Note: "once no management server or gateway is left to try"},
	}
}

// afterLoadSequence is the Sequence shown for the events that follow a load
// event (21021, 21007).
var afterLoadSequence = []LogStep{
	{ID: 0, Note: "first, the load event that names the cause"},
	{ID: 21021, Note: "right after: this computer now has no certificate at all"},
	{ID: 21007, Note: "on each connection attempt toward a peer outside Kerberos trust"},
	{ID: 21016, Note: "once no management server or gateway is left to try"},
}

// trustSequence is the Sequence of a refused peer certificate: the
// receiver logs 20072, the sender 20071 and then 21016.
var trustSequence = []LogStep{
	{ID: 20072, Note: "on the computer that received the certificate and does not trust its chain"},
	{ID: 20071, Note: "on the computer that sent it: the peer hung up before authentication"},
	{ID: 21016, Note: "on the sending computer, once no management server or gateway is left to try"},
}

// Checks and fixes shared by several events.
const (
	checkEventLog   = `Event Viewer > Applications and Services Logs > Operations Manager, filtered on source "OpsMgr Connector"; or PowerShell: Get-WinEvent -FilterHashtable @{LogName='Operations Manager'; ProviderName='OpsMgr Connector'} -MaxEvents 50`
	checkRegSerial  = `reg query "HKLM\SOFTWARE\Microsoft\Microsoft Operations Manager\3.0\Machine Settings" /v ChannelCertificateSerialNumber  (REG_BINARY: the certificate's serial number with its bytes in reverse order)`
	checkStoreMy    = `certutil -store My  (lists the computer's Personal store, the same as certlm.msc > Personal > Certificates: serial, subject, key provider, and "Encryption test passed" when the private key is usable)`
	checkCertlm     = `certlm.msc > Personal > Certificates: the certificate must show a key icon and "You have a private key that corresponds to this certificate"`
	checkCertlint   = `certlint lint <file.pfx>  (before MOMCertImport: says which event the certificate would raise)`
	checkPFXDump    = `certutil -dump <file.pfx>  (the Provider line names the CSP or KSP the key will go to; where a KeySpec line is shown it must read 1, AT_KEYEXCHANGE)`
	checkSPNList    = `setspn -L <DOMAIN>\<ServerName>$  (SPNs of the computer account the target HealthService runs as; look for MSOMHSvc/<fqdn> and MSOMHSvc/<NetBIOS name>)`
	checkSPNQuery   = `setspn -F -Q MSOMHSvc/<server-fqdn>  (forest-wide: exactly one account must own this SPN; two owners break Kerberos)`
	checkKlist      = `klist get MSOMHSvc/<server-fqdn>  (run on the connecting computer: a ticket means Kerberos can reach the server's SPN)`
	checkDC         = `nltest /dsgetdc:<domain>  (is a domain controller of that domain reachable from here?)`
	checkPort5723   = `Test-NetConnection <server-fqdn> -Port 5723  (or: telnet <server-fqdn> 5723); run it from the agent toward its gateway or management server, and from the gateway toward the management server`
	checkListener   = `netstat -ano | findstr :5723  (on the gateway or management server: is HealthService listening?)`
	checkDNSForward = `nslookup <server-fqdn>  (on the agent or gateway: does the upstream server's name resolve, to the right address?)`
	checkDNSReverse = `nslookup <agent-ip-address>  (on the gateway or management server: does the reverse lookup give back the agent's FQDN?)`
	checkRestart    = `Restart-Service HealthService  (Microsoft Monitoring Agent), then watch the Operations Manager log for new connector events`
	checkLoaded     = `After Restart-Service HealthService: look for event 20053 (certificate loaded) in the Operations Manager log; a load event (20049-20077, 21036) instead names what is still wrong`

	fixMOMCertImport = `Register the certificate with the connector: MOMCertImport.exe /SubjectName <computer FQDN> (from \SupportTools\AMD64 on the installation media; without arguments it opens a picker), then Restart-Service HealthService and look for event 20053.`
	fixReimportPFX   = `Import the full PFX, key included, into the Local Computer Personal store (certlm.msc > Personal > All Tasks > Import, or Import-PfxCertificate -FilePath <file.pfx> -CertStoreLocation Cert:\LocalMachine\My -Password (Read-Host -AsSecureString)), then run MOMCertImport again and restart HealthService.`
	fixRepairStore   = `If the key is on the computer but no longer linked to the certificate, relink it: certutil -repairstore My <serial number>, then check certutil -store My again.`
	fixRequestLegacy = `Request a new certificate whose key is made by a legacy CSP: in a request file (.inf) ProviderName = "` + RecommendedCSP + `", ProviderType = 24, KeyAlgorithm = RSA, KeyLength = 2048 or more, KeySpec = 1 (AT_KEYEXCHANGE), KeyUsage = 0xa0 (digitalSignature and keyEncipherment), MachineKeySet = TRUE; in an AD CS template choose Cryptography > Provider Category: Legacy Cryptographic Service Provider. Microsoft's sample request writes KeyUsage = 0xf0, which is four bits: digitalSignature, nonRepudiation, keyEncipherment and dataEncipherment; field scripts require the first and the third (0xa0).`
	fixReimportCSP   = `If the RSA key itself is fine but went into a KSP or was marked as a signature key, import the PFX again into the legacy CSP as an exchange key, from an elevated prompt: certutil -f -csp "` + RecommendedCSP + `" -importPFX My <file.pfx> AT_KEYEXCHANGE; then run MOMCertImport and restart HealthService.`
)

// eventCatalog holds every event certlint knows, in ID order (init sorts it
// anyway). Each entry cites public sources; Source and Confidence say how
// well its ID and meaning are established.
var eventCatalog = []Event{
	{
		ID:    20049,
		Title: "Certificate refused at load, most likely for its Key Usage (needs digitalSignature and keyEncipherment)",
		Kind:  KindCertificate,
		Meaning: "Microsoft names 20049 among the events that mean the imported certificate has a problem, but publishes no " +
			"message text for it. It sits just before 20050 in the connector's load checks, and field scripts check one " +
			"property there that no other event covers: the Key Usage extension must allow digitalSignature and " +
			"keyEncipherment (0xA0). certlint therefore reads 20049 as a key usage refusal, logged by the computer " +
			"whose own certificate it is, at HealthService start. This reading is unconfirmed.",
		Causes: []string{
			"The Key Usage extension lists digitalSignature only (a signing template), or keyEncipherment only, or CA bits (keyCertSign, cRLSign) without the two OpsMgr needs.",
			"A web server or code signing template was duplicated without widening its key usage.",
		},
		Fixes: []string{
			"On the computer that logged the event: " + fixRequestLegacy,
			fixMOMCertImport,
		},
		Checks: []string{
			"certlm.msc > Personal > Certificates > open the certificate > Details > Key Usage: it must list Digital Signature and Key Encipherment (a0 or more)",
			checkCertlint,
			checkEventLog,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceInferred,
		Sequence:   loadSequence(20049),
		References: []string{refConnectivity, refFieldScript, refObtainCert},
	},
	{
		ID:    20050,
		Title: "Certificate refused: its Enhanced Key Usage does not allow both Server and Client Authentication",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate is bad, when the connector loads it. Every OpsMgr " +
			"health service both accepts and opens connections, so its certificate must be good for both purposes: " +
			"the EKU extension has to list Server Authentication (1.3.6.1.5.5.7.3.1) and Client Authentication " +
			"(1.3.6.1.5.5.7.3.2). A certificate with only one of them, or with no EKU extension at all, is refused.",
		Causes: []string{
			"The certificate came from a template made for web servers (Server Authentication only) or for users and workstations (Client Authentication only).",
			"The request file (.inf) or the third-party CA order had no EKU section, so the issued certificate carries no EKU extension; OpsMgr does not read that as \"any purpose\".",
			"The EKU lists other purposes (Code Signing, IP security IKE intermediate, ...) instead of the two OpsMgr needs.",
		},
		Fixes: []string{
			"On the computer that logged the event: request a new certificate whose template or .inf lists both OIDs (1.3.6.1.5.5.7.3.1 and 1.3.6.1.5.5.7.3.2) under [EnhancedKeyUsageExtension], with KeySpec = 1 and the key in \"" + RecommendedCSP + "\".",
			fixMOMCertImport,
		},
		Checks: []string{
			"certlm.msc > Personal > Certificates > open the certificate > Details > Enhanced Key Usage: both purposes must be listed",
			checkCertlint,
			checkEventLog,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   loadSequence(20050),
		References: []string{refConnectivity, refObtainCert, refFieldGuide},
	},
	{
		ID:    20051,
		Title: "Certificate refused: it is not valid right now (expired, not yet valid, or the clock is wrong)",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate is being loaded: the current date on this computer falls " +
			"outside the certificate's validity period, so the connector will not use it and certificate authentication " +
			"stops until a valid certificate is registered. The event gives the start and end of the validity period.",
		Causes: []string{
			"The certificate expired and was never renewed, or it was renewed but MOMCertImport was not run for the new one.",
			"The certificate starts in the future: its NotBefore is later than this computer's clock (issued by a CA whose clock runs ahead, or dated on purpose).",
			"This computer's clock is wrong (a DMZ or workgroup machine with no time source).",
		},
		Fixes: []string{
			"First check this computer's date, time and time zone and fix the time source if it is off.",
			"If the certificate really is out of its validity period, issue a new one and register it: " + fixMOMCertImport,
		},
		Checks: []string{
			"w32tm /query /status  (is the clock synchronised, and from where?)",
			checkStoreMy + "; compare NotBefore/NotAfter with the current date",
			checkRegSerial,
			checkCertlint,
		},
		Source:     URLGrayAgents,
		Confidence: ConfidenceDocumented,
		Sequence:   loadSequence(20051),
		References: []string{refGrayAgents, refObtainCert, refFieldScript},
	},
	{
		ID:    20052,
		Title: "Certificate refused: the name it carries is not this computer's name",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate is being loaded: the name the connector reads from the " +
			"certificate differs from the computer's own name, so it will not use the certificate. The connector reads " +
			"one name only, the way Windows' CertGetNameString reads a DNS name: the first DNS name of the Subject " +
			"Alternative Name extension when there is one, else the subject CN. A matching name further down the SAN " +
			"list does not help. Microsoft quotes the message text (without the ID) in KB947691; the ID comes from " +
			"field reports.",
		Causes: []string{
			"The certificate was requested with the short (NetBIOS) name or another alias instead of the FQDN the computer resolves to in DNS.",
			"The SAN lists the right FQDN, but not first: a load balancer name, an alias or the short name comes before it.",
			"The computer was renamed, or joined to another domain (new DNS suffix), after the certificate was issued.",
			"The certificate of another computer (a copied PFX) was imported here.",
		},
		Fixes: []string{
			"On the computer that logged the event: request a new certificate whose subject is CN=<this computer's FQDN as DNS knows it> and, if it has a SAN, with that same FQDN as the first DNS name.",
			fixMOMCertImport,
		},
		Checks: []string{
			"[System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName  (the FQDN the certificate must carry)",
			"certutil -dump <file.cer>  (Subject and the Subject Alternative Name list, in order)",
			"certlint lint --host <computer FQDN> <file.pfx>",
		},
		Source:     URLWorkgroup,
		Confidence: ConfidenceField,
		Sequence:   loadSequence(20052),
		References: []string{refKB947691, refFieldScript, refNameString, refObtainCert},
	},
	{
		ID:    20053,
		Title: "Certificate loaded (information): the registered certificate is in use",
		Kind:  KindCertificate,
		Meaning: "Logged by a computer when its connector has loaded the certificate registered with MOMCertImport. " +
			"It is the success message to wait for after MOMCertImport and a HealthService restart: once it appears, " +
			"this computer's own certificate is accepted locally, and any remaining failure is about trust between " +
			"the two sides (20072 / 20071), approval (20070) or the network.",
		Causes: []string{
			"MOMCertImport registered a certificate that passed every load check, and HealthService was restarted.",
		},
		Fixes: []string{
			"Nothing to fix here. If it does not appear after a restart, look for the load event logged instead (20049 to 20077, 21036) and fix that; if it appears but the agent still cannot connect, check 20072 on the other side.",
		},
		Checks: []string{
			checkRestart,
			checkLoaded,
			checkRegSerial + "; it must name the certificate MOMCertImport was given (certutil -store My shows its serial)",
		},
		Source:     URLObtainCertificate,
		Confidence: ConfidenceDocumented,
		References: []string{refObtainCert, refConnectivity},
	},
	{
		ID:    20057,
		Title: "Kerberos: no security context for MSOMHSvc/<server> (SPN or trust problem)",
		Kind:  KindKerberos,
		Meaning: "Logged by the computer that opens the connection (agent, gateway or management server) when it cannot get " +
			"a Kerberos ticket for the target's health service, whose service principal name is MSOMHSvc/<server>. The " +
			"error code in the event says why; 0x80090311 means no domain controller could be reached.",
		Causes: []string{
			"The SPN MSOMHSvc/<server FQDN> is missing from the account the target's HealthService runs as (the computer account in a default install), or it is registered on two accounts.",
			"The two computers sit in different forests with no forest trust between them, so Kerberos cannot work across.",
			"The connecting computer cannot reach a domain controller: TCP/UDP 88 (Kerberos), 389 (LDAP) or 53 (DNS) is blocked.",
		},
		Fixes: []string{
			"On a domain controller, as a domain admin: register the SPN on the target's computer account: setspn -S MSOMHSvc/<server FQDN> <DOMAIN>\\<ServerName>$ (and the same for MSOMHSvc/<NetBIOS name>); remove any copy owned by another account.",
			"Across forests: create a two-way forest trust, or stop using Kerberos for that link: put a gateway server in the other forest and use certificates between gateway and management server.",
			"Open ports 88, 389 and 53 (TCP and UDP) from the connecting computer to its domain controllers.",
		},
		Checks: []string{
			checkSPNList,
			checkSPNQuery,
			checkKlist,
			checkDC,
			"Test-NetConnection <dc-fqdn> -Port 88 and Test-NetConnection <dc-fqdn> -Port 389",
			"nltest /trusted_domains  (is the other forest or domain trusted?)",
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		References: []string{refConnectivity, refFieldGuide},
	},
	{
		ID:    20066,
		Title: "The certificate registered for mutual authentication is not in the Personal store",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose registry names a certificate (ChannelCertificateSerialNumber, written by " +
			"MOMCertImport) that the connector then cannot find in the Local Computer Personal store. Until that is " +
			"fixed this health service cannot authenticate with certificates. In the field it is the most frequent " +
			"certificate failure: a renewed certificate that nobody registered again.",
		Causes: []string{
			"The certificate was renewed or re-enrolled (a new serial number), by hand or by auto-enrollment, and MOMCertImport was not run again, so the registry still points at the old one.",
			"The certificate was deleted from Local Computer > Personal, or moved to another store, after it was registered.",
			"The registry value was typed by hand with the serial bytes in the wrong order (they must be reversed).",
		},
		Fixes: []string{
			"On the computer that logged the event: make sure the certificate is in Local Computer > Personal (certlm.msc); if not, " + fixReimportPFX,
			fixMOMCertImport + " MOMCertImport writes the correct serial for you.",
		},
		Checks: []string{
			checkRegSerial,
			checkStoreMy + "; the serial there, byte-reversed, must equal the registry value",
			checkCertlm,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   loadSequence(20066),
		References: []string{refConnectivity, refObtainCert, refFieldScript},
	},
	{
		ID:    20068,
		Title: "The registered certificate has no private key, or one the connector cannot use",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate was registered with MOMCertImport: the certificate is in " +
			"the Personal store, but its private key is absent, does not belong to it, or cannot be opened by the " +
			"HealthService (Local System). Without the key the computer cannot prove who it is.",
		Causes: []string{
			"Only the public part was imported (a .cer, or a PFX exported without \"Yes, export the private key\").",
			"The key in the PFX is not the certificate's key (a mix-up when the PFX was assembled by hand).",
			"Someone moved the certificate from one store to another with the Certificates MMC snap-in; that carries the certificate across but not its link to the key.",
			"The key was created in the user's profile (MachineKeySet not set), so the HealthService running as Local System cannot open it.",
		},
		Fixes: []string{
			"On the computer that logged the event: " + fixReimportPFX,
			fixRepairStore,
			"If no copy of the key exists anywhere, request a new certificate on this computer (certreq -new with MachineKeySet = TRUE and ProviderName = \"" + RecommendedCSP + "\") and register it with MOMCertImport.",
		},
		Checks: []string{
			checkStoreMy,
			checkCertlm,
			checkCertlint,
			checkRegSerial,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   loadSequence(20068),
		References: []string{refConnectivity, refFieldGuide, refObtainCert},
	},
	{
		ID:    20069,
		Title: "Wrong key type: the private key must be an RSA key-exchange key (KEY_SPEC AT_KEYEXCHANGE) in a legacy CSP",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate is being loaded: the connector needs a key it can use for " +
			"key exchange, KeySpec 1 (AT_KEYEXCHANGE), held by a legacy CryptoAPI CSP. Microsoft does not support keys " +
			"held by a CNG key storage provider (KSP) for Operations Manager, and those report KeySpec 0.",
		Causes: []string{
			"The PFX marks the key as a signature key (KEY_SIG, AT_SIGNATURE), so Windows imports it for signing only.",
			"The key lives in a CNG KSP, for example \"Microsoft Software Key Storage Provider\" (the default of newer AD CS templates) or \"Microsoft Platform Crypto Provider\" (TPM).",
			"The key is not RSA (ECDSA cannot sit in a legacy CSP).",
			"Field guides also blame a wrong EKU for this event; check the EKU too (see 20050).",
		},
		Fixes: []string{
			fixRequestLegacy,
			fixReimportCSP,
		},
		Checks: []string{
			checkPFXDump,
			checkStoreMy + "; a Provider line ending in \"Key Storage Provider\" means a CNG key",
			"certutil -v -store My <serial number>  (verbose: the key provider information shows the Provider and the KeySpec of the installed key)",
			checkCertlint,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   loadSequence(20069),
		References: []string{refConnectivity, refObtainCert, refFieldGuide, refFieldScript},
	},
	{
		ID:    20070,
		Title: "Authenticated, then dropped: the server does not accept this agent (yet)",
		Kind:  KindGeneral,
		Meaning: "Logged by the agent or gateway: authentication itself succeeded, but the gateway or management server " +
			"hung up right away. On its own the event says little; the reason is on the server side, so read the " +
			"server's Operations Manager log at the same time.",
		Causes: []string{
			"A manually installed agent is waiting in Pending Management, or manual installs are set to be rejected.",
			"A gateway was installed but never approved with the gateway approval tool.",
			"The management server has no configuration for this agent yet (a newly added agent, or a config service backlog).",
		},
		Fixes: []string{
			"On the management server: approve the agent in the Operations console (Administration > Device Management > Pending Management), or run Get-SCOMPendingManagement | Approve-SCOMPendingManagement.",
			"For a gateway, on a management server: Microsoft.EnterpriseManagement.GatewayApprovalTool.exe /ManagementServerName=<ms FQDN> /GatewayName=<gateway FQDN> /Action=Create.",
			"If manual installs are set to be rejected, change that under Administration > Settings > Security (manual agent installs: review them in Pending Management), then approve the agent.",
		},
		Checks: []string{
			"Get-SCOMPendingManagement  (Operations Manager Shell on a management server)",
			"On the management server: Event Viewer > Applications and Services Logs > Operations Manager, look for connector events 20000 and 20002 at the same time",
			checkEventLog,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		References: []string{refConnectivity, refFieldGuide, refGateway},
	},
	{
		ID:    20071,
		Title: "Connection closed before any authentication took place: the other side refused this computer",
		Kind:  KindGeneral,
		Meaning: "Logged by the computer that sent its certificate (or Kerberos ticket): it reached the peer, but the peer " +
			"closed the connection before the two sides had authenticated each other. The reason is logged on the " +
			"peer: with certificates usually 20072 there, because the peer does not trust this computer's chain. " +
			"21016 follows here once no server is left to try.",
		Causes: []string{
			"The peer does not trust this computer's certificate: its root CA is missing from the peer's Local Computer Trusted Root store (the peer logs 20072).",
			"With Kerberos, the management server cannot reach a domain controller of the agent's domain (ports 88, 389, 53 blocked).",
			"Something on the path to TCP 5723 interferes with the connection.",
		},
		Fixes: []string{
			"Read the Operations Manager log of the peer at the same minute; for a 20072 there, import this computer's root CA (and intermediates) on the peer, as 20072 explains.",
			"From the management server, open TCP/UDP 88, 389 and 53 to the domain controllers of the agent's domain, then restart HealthService on the agent.",
			"Make sure TCP 5723 is open from the agent to its gateway or management server.",
		},
		Checks: []string{
			checkEventLog + "  (on this computer and on the peer)",
			"certutil -verify <this-computer>.cer  (run on the peer: the chain must end in a root it trusts)",
			checkPort5723,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   trustSequence,
		References: []string{refConnectivity},
	},
	{
		ID:    20072,
		Title: "Peer certificate refused as untrusted: its chain does not reach a root CA this computer trusts",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer that received a certificate (an agent receiving the gateway's or management " +
			"server's, or the reverse): it could not build a chain from that certificate to a root in its own Local " +
			"Computer Trusted Root Certification Authorities store. The fix is on the computer that logged the event, " +
			"not on the one whose certificate was refused; that one logs 20071 and then 21016.",
		Causes: []string{
			"The root CA that issued the other side's certificate was never imported into Local Computer > Trusted Root Certification Authorities here (typical for a stand-alone or third-party CA, or a workgroup/DMZ machine), or it went into the Current User store instead.",
			"An intermediate CA of that chain is missing from Local Computer > Intermediate Certification Authorities and the other side does not send it.",
			"The other side uses a certificate from a different CA than the one this computer trusts (for example a new CA after a renewal).",
		},
		Fixes: []string{
			"On the computer that logged 20072: import the root of the other side's CA into Local Computer > Trusted Root Certification Authorities (certlm.msc), and any intermediates into Intermediate Certification Authorities. Trust is needed in both directions: the agent must trust the server's root and the server the agent's.",
			"Then restart HealthService on both ends.",
		},
		Checks: []string{
			"certutil -verify <other-side>.cer  (run here, against the other side's certificate: the chain must end in a trusted root)",
			"certutil -store Root  and  certutil -store CA  (what this computer trusts)",
			"certlm.msc > Trusted Root Certification Authorities > Certificates",
			"certlint lint --roots <root.pem> <file.pfx>  (checks the chain before deployment); certlint pair <agent.pfx> <server.cer> --roots <root.pem>  (checks both directions)",
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   trustSequence,
		References: []string{refConnectivity, refFieldGuide, refObtainCert, refKB947691},
	},
	{
		ID:    20075,
		Title: "Cannot read the subject or issuer of this computer's own certificate",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate is being loaded: the connector could not get a subject " +
			"or issuer name out of it. Rare in practice; when it happens the certificate itself is malformed for OpsMgr.",
		Causes: []string{
			"The subject is empty (names only in the SAN), or it has no common name.",
			"The subject or issuer uses an encoding the connector cannot decode.",
		},
		Fixes: []string{
			"On the computer that logged the event: issue a new certificate with Subject = \"CN=<computer FQDN as in DNS>\" and a normal issuer name, then run MOMCertImport and restart HealthService.",
		},
		Checks: []string{
			"certutil -dump <file.cer or file.pfx>  (look at the Subject and Issuer lines)",
			checkCertlint,
		},
		Source:     URLFieldGuide,
		Confidence: ConfidenceField,
		Sequence:   loadSequence(20075),
		References: []string{refFieldGuide, refObtainCert},
	},
	{
		ID:    20076,
		Title: "Cannot read the subject or issuer of the certificate the other side presented",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer that received a certificate during authentication: the other system's " +
			"certificate has no subject or issuer name the connector can read. The same defect as 20075, but the " +
			"certificate to replace is on the other computer. Rarely seen.",
		Causes: []string{
			"The other side's certificate has an empty subject or no common name.",
			"Its subject or issuer uses an encoding the connector cannot decode.",
		},
		Fixes: []string{
			"On the other computer (the one named in the event): issue a new certificate with Subject = \"CN=<its FQDN>\", register it there with MOMCertImport and restart its HealthService.",
		},
		Checks: []string{
			"On the other computer: certutil -store My, and check the Subject and Issuer of the registered certificate",
			"certlint lint --role remote <their.cer>",
		},
		Source:     URLFieldGuide,
		Confidence: ConfidenceField,
		References: []string{refFieldGuide, refObtainCert},
	},
	{
		ID:    20077,
		Title: "The registered certificate's properties cannot be read (usually: no private key)",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate was registered with MOMCertImport, when the connector " +
			"loads it: the certificate's key properties could not be queried. In practice this almost always means " +
			"the certificate was imported without its private key; it is the first event such a certificate raises, " +
			"and 20068 or 21036 may follow for the same cause.",
		Causes: []string{
			"The certificate was imported from a .cer or from a PFX that holds no key.",
			"The certificate was dragged into Personal from another store in the Certificates snap-in, leaving its key link behind.",
		},
		Fixes: []string{
			"On the computer that logged the event: " + fixReimportPFX,
			fixRepairStore,
		},
		Checks: []string{
			checkStoreMy,
			checkCertlm,
			checkCertlint,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   loadSequence(20077),
		References: []string{refConnectivity, refFieldGuide, refKB947691},
	},
	{
		ID:    21001,
		Title: "Kerberos mutual authentication to MSOMHSvc/<fqdn> failed: check the SPN and the trust",
		Kind:  KindKerberos,
		Meaning: "Logged by the computer that opens the connection (agent or gateway toward its management server, or " +
			"between servers): Kerberos could not authenticate the target named MSOMHSvc/<fqdn>. Either the SPN is not " +
			"where Kerberos looks for it, or the two domains do not trust each other fully.",
		Causes: []string{
			"MSOMHSvc/<fqdn> is not registered on the account the target's HealthService runs as (normally its computer account), or it is registered twice.",
			"The computers are in separate forests with no forest trust, or in domains without a two-way trust.",
		},
		Fixes: []string{
			"As a domain admin: setspn -S MSOMHSvc/<target FQDN> <DOMAIN>\\<TargetName>$ and setspn -S MSOMHSvc/<NetBIOS name> <DOMAIN>\\<TargetName>$; delete duplicates held by other accounts.",
			"Across forests without trust: create the forest trust, or use a gateway server with certificates for that boundary.",
		},
		Checks: []string{
			checkSPNList,
			checkSPNQuery,
			checkKlist,
			"nltest /trusted_domains",
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		References: []string{refConnectivity, refFieldGuide},
	},
	{
		ID:    21005,
		Title: "Name resolution failed: the upstream server's name does not resolve",
		Kind:  KindNetwork,
		Meaning: "Logged by the agent or gateway: it could not turn the name of its gateway or management server into an " +
			"IP address, so it never even tried to connect. The problem is DNS on this computer, or the name it was " +
			"given.",
		Causes: []string{
			"The agent or gateway uses a DNS server that does not know the management server's or gateway's zone (typical in a DMZ or workgroup).",
			"The server name typed at install time is wrong or is a short name that does not resolve here.",
			"A stale or wrong hosts file entry.",
		},
		Fixes: []string{
			"Make the name resolve from this computer: add the record or a conditional forwarder in DNS, or, where DNS cannot be had, add the FQDN to %WinDir%\\System32\\drivers\\etc\\hosts.",
			"Check reverse resolution too (the server side looks the agent up), and fix the PTR record or the hosts file on the server.",
			"If the name itself is wrong, correct it in Control Panel > Microsoft Monitoring Agent > Operations Manager.",
		},
		Checks: []string{
			checkDNSForward,
			checkDNSReverse,
			"Resolve-DnsName <server-fqdn>",
			"ipconfig /all  (which DNS servers and suffixes does this computer use?)",
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		References: []string{refConnectivity, refFieldGuide, refGateway},
	},
	{
		ID:    21006,
		Title: "TCP connection to port 5723 failed",
		Kind:  KindNetwork,
		Meaning: "Logged by the agent or gateway: the name resolved, but the TCP connection to the gateway or management " +
			"server on port 5723 did not open. Error 10061 means the server actively refused (nothing listening, or a " +
			"firewall rejecting); 10060 means no answer at all (dropped on the way).",
		Causes: []string{
			"A firewall between the two, or Windows Firewall on the server, blocks TCP 5723.",
			"The HealthService on the gateway or management server is stopped, so nothing listens on 5723.",
			"The agent was set up with the wrong management server name, management group name or port.",
		},
		Fixes: []string{
			"Open TCP 5723 from the agent to its gateway or management server, and from the gateway to its management servers.",
			"On the server: make sure HealthService (Microsoft Monitoring Agent / System Center Management) is running.",
			"On the agent: check the management group, server and port in Control Panel > Microsoft Monitoring Agent > Operations Manager.",
		},
		Checks: []string{
			checkPort5723,
			"Repeat the test in the other direction, from the server toward the agent, to tell a one-way firewall rule from a dead host",
			checkListener,
			checkDNSForward,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		References: []string{refConnectivity, refFieldGuide, refGrayAgents},
	},
	{
		ID:    21007,
		Title: "No mutually authenticated channel: the right certificates are not in place",
		Kind:  KindCertificate,
		Meaning: "Logged by the agent or gateway on every connection attempt: the target is outside its Kerberos trust " +
			"(workgroup, DMZ, another forest), so certificates are required, and no usable certificate was available. " +
			"It is the symptom an admin sees most; it does not name the cause. When this computer's own certificate " +
			"was refused, a load event (20049 to 20077, 21036) and then 21021 were logged before it, at HealthService " +
			"start: that load event says what to fix.",
		Causes: []string{
			"This computer's certificate was refused at load: look for the load event and 21021 logged at the last HealthService start.",
			"No certificate was ever registered with MOMCertImport on this computer (21022 at start-up).",
			"The certificate setup is incomplete on the other side (no certificate registered there, or this computer's root not trusted there).",
		},
		Fixes: []string{
			"Find the load event logged at the last HealthService start (before 21021) and apply its fix.",
			"If none was logged, walk through the certificate steps of KB947691 on both ends: the CA root in Trusted Root Certification Authorities on each, a certificate with CN = the computer's FQDN on each, each registered with MOMCertImport, HealthService restarted.",
		},
		Checks: []string{
			checkEventLog + "  (look back to the last HealthService start)",
			checkRegSerial + "  (no value: MOMCertImport was never run here)",
			checkStoreMy,
			checkCertlint,
		},
		Source:     URLWorkgroup,
		Confidence: ConfidenceDocumented,
		Sequence:   afterLoadSequence,
		References: []string{refKB947691, refConnectivity, refFieldGuide, refObtainCert},
	},
	{
		ID:    21008,
		Title: "Target not trusted: untrusted domain or no domain controller reachable",
		Kind:  KindKerberos,
		Meaning: "Logged by the computer that opens the connection: Kerberos treats the target as untrusted, either " +
			"because its domain is not trusted by this one or because no domain controller could be contacted to " +
			"decide. It is part Kerberos, part network: check both.",
		Causes: []string{
			"The target's domain has no trust with this computer's domain.",
			"No domain controller is reachable: DNS cannot find one, or ports 88, 389, 53 are blocked.",
		},
		Fixes: []string{
			"Fix name resolution and connectivity to the domain controllers first, then retry.",
			"If the domains are meant to stay untrusted, use certificates (through a gateway server or directly) for that link instead of Kerberos.",
		},
		Checks: []string{
			checkDC,
			"nltest /sc_query:<domain>  (is the secure channel to the domain healthy?)",
			"nslookup -type=SRV _ldap._tcp.dc._msdcs.<domain>",
			"Test-NetConnection <dc-fqdn> -Port 88 and Test-NetConnection <dc-fqdn> -Port 389",
			"nltest /trusted_domains",
		},
		Source:     URLFieldGuide,
		Confidence: ConfidenceField,
		References: []string{refFieldGuide},
	},
	{
		ID:    21016,
		Title: "No communication channel and no failover server: a symptom, look at the events before it",
		Kind:  KindGeneral,
		Meaning: "Logged by the agent or gateway when every server it may report to has failed. It does not name a " +
			"cause; the events logged before it (21006, 21001, 20070, 20071, 21007, a load event at start-up...) do.",
		Causes: []string{
			"Any of the authentication or connection failures of this catalog, on the primary and every failover server.",
			"The agent is not yet approved, or has not received its configuration.",
			"A duplicate MSOMHSvc SPN for the management server breaks Kerberos for every agent.",
		},
		Fixes: []string{
			"Find the first connector error before this event in the agent's Operations Manager log and fix that one.",
			"Approve the agent if it is pending; check for duplicate SPNs.",
		},
		Checks: []string{
			checkEventLog,
			checkSPNQuery,
			checkPort5723,
			"Get-SCOMPendingManagement  (on a management server)",
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		References: []string{refConnectivity, refKB947691, refFieldGuide},
	},
	{
		ID:    21021,
		Title: "No certificate could be loaded or created: certificate authentication is off for this computer",
		Kind:  KindCertificate,
		Meaning: "Logged by the health service at start-up, right after a load event: it ended up with no certificate " +
			"at all, so it cannot talk to any health service that needs certificates, and 21007 follows on each " +
			"connection attempt. This is the summary; the event logged just before it says what was wrong.",
		Causes: []string{
			"The registered certificate was refused for a reason given in the event just before: key usage (20049), EKU (20050), validity (20051), name (20052), not found (20066), private key (20068, 20077, 21036), key type (20069), unreadable name (20075).",
		},
		Fixes: []string{
			"Find the certificate event logged just before this one and apply its fix, then run MOMCertImport again and restart HealthService.",
		},
		Checks: []string{
			checkEventLog,
			checkRegSerial,
			checkStoreMy,
			checkLoaded,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   afterLoadSequence,
		References: []string{refConnectivity},
	},
	{
		ID:    21022,
		Title: "No certificate configured: only Kerberos peers in trusted domains can connect",
		Kind:  KindCertificate,
		Meaning: "Logged by the health service at start-up when no certificate has been registered for it. That is " +
			"normal for a domain member that only talks to servers in trusted domains; it is a problem for an agent, " +
			"gateway or management server that has to authenticate across an untrusted boundary.",
		Causes: []string{
			"MOMCertImport was never run on this computer (or the registration was removed with MOMCertImport /Remove).",
		},
		Fixes: []string{
			"If this computer must talk across an untrusted boundary (workgroup, DMZ, other forest, gateway to management server): obtain a certificate for its FQDN.",
			fixMOMCertImport,
		},
		Checks: []string{
			checkRegSerial + "  (absent when no certificate is registered)",
			checkStoreMy,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence: []LogStep{
			{ID: 21022, Note: "on this computer, when HealthService starts without a registered certificate"},
			{ID: 21007, Note: "on each connection attempt toward a peer outside Kerberos trust"},
			{ID: 21016, Note: "once no management server or gateway is left to try"},
		},
		References: []string{refConnectivity, refGateway},
	},
	{
		ID:    21035,
		Title: "The health service could not register its SPN: Kerberos to and from it will fail",
		Kind:  KindKerberos,
		Meaning: "Logged by the computer whose HealthService tried to register its own MSOMHSvc service principal name " +
			"in Active Directory and was refused. Other computers will then fail Kerberos authentication to it (they " +
			"log 20057 or 21001).",
		Causes: []string{
			"The account the HealthService runs as (the computer account in a default install) lacks the right to write its own servicePrincipalName attribute in Active Directory.",
			"No domain controller was reachable when the service started.",
		},
		Fixes: []string{
			"Have a domain admin register the SPNs by hand: setspn -S MSOMHSvc/<FQDN> <DOMAIN>\\<ComputerName>$ and setspn -S MSOMHSvc/<NetBIOS name> <DOMAIN>\\<ComputerName>$.",
			"Then restart HealthService and confirm the event does not come back.",
		},
		Checks: []string{
			checkSPNList,
			checkSPNQuery,
			checkDC,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		References: []string{refConnectivity, refFieldGuide},
	},
	{
		ID:    21036,
		Title: "Registered certificate unusable for authentication: no private key with it",
		Kind:  KindCertificate,
		Meaning: "Logged by the computer whose own certificate was registered with MOMCertImport: the certificate that " +
			"ChannelCertificateSerialNumber points to is in the Personal store, but without a usable private key, " +
			"or with one that is not associated with it. The same root cause as 20068 and 20077.",
		Causes: []string{
			"The certificate was exported without its key (a .cer, or a PFX without the key) and then imported and registered.",
			"It was registered from the command line after an import that kept only the certificate.",
			"It was dragged or copied from one store to another in the Certificates snap-in, which leaves the key behind.",
		},
		Fixes: []string{
			"On the computer that logged the event: delete the keyless copy, then " + fixReimportPFX,
			fixRepairStore,
		},
		Checks: []string{
			checkStoreMy,
			checkCertlm,
			checkRegSerial,
			checkCertlint,
		},
		Source:     URLAgentConnectivity,
		Confidence: ConfidenceDocumented,
		Sequence:   loadSequence(21036),
		References: []string{refConnectivity, refFieldGuide, refKB947691},
	},
}

// eventIndex maps an event ID to its position in eventCatalog.
var eventIndex = func() map[int]int {
	sort.SliceStable(eventCatalog, func(i, j int) bool { return eventCatalog[i].ID < eventCatalog[j].ID })
	m := make(map[int]int, len(eventCatalog))
	for i, e := range eventCatalog {
		m[e.ID] = i
	}
	return m
}()

// clone returns a deep copy of e, so that callers cannot change the catalog.
func (e Event) clone() Event {
	e.Causes = slices.Clone(e.Causes)
	e.Fixes = slices.Clone(e.Fixes)
	e.Checks = slices.Clone(e.Checks)
	e.References = slices.Clone(e.References)
	e.Sequence = slices.Clone(e.Sequence)
	return e
}

// Lookup returns the catalog entry for an "OpsMgr Connector" event ID
// (see Event). It returns false for an ID certlint does not know. The result
// is a copy: changing it does not change the catalog.
func Lookup(id int) (Event, bool) {
	i, ok := eventIndex[id]
	if !ok {
		return Event{}, false
	}
	return eventCatalog[i].clone(), true
}

// Events returns every event of the catalog, sorted by ID. The result is a
// deep copy: changing it does not change the catalog.
func All() []Event {
	out := make([]Event, len(eventCatalog))
	for i, e := range eventCatalog {
		out[i] = e.clone()
	}
	return out
}
