package certlint

import (
	"slices"
	"sort"
)

// Event kinds: what an OpsMgr connector event is about, and so where an admin
// looks first.
const (
	// EventKindCertificate: certificate-based mutual authentication (the
	// certificate, its key, its chain, or how MOMCertImport registered it).
	EventKindCertificate = "certificate"
	// EventKindKerberos: Kerberos mutual authentication (SPNs, domain and
	// forest trust, domain controllers).
	EventKindKerberos = "kerberos"
	// EventKindNetwork: name resolution or the TCP connection on port 5723.
	EventKindNetwork = "network"
	// EventKindGeneral: a symptom that follows some other failure; read the
	// events logged just before it.
	EventKindGeneral = "general"
)

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
	// References cite where the facts come from.
	References []string
}

// Citations used by the catalog.
const (
	refFieldFacts   = "OpsMgr mutual-authentication field facts (shared/reference/opsmgr-auth-events.md)"
	refObtainCert   = "Microsoft Learn, Obtain a certificate for use with Windows Servers and System Center Operations Manager: https://learn.microsoft.com/en-us/system-center/scom/obtain-certificate-windows-server-and-operations-manager"
	refKB947691     = "Microsoft KB947691, Can't monitor a workgroup computer without a gateway server: https://learn.microsoft.com/en-us/troubleshoot/system-center/scom/cannot-monitor-workgroup-computer-without-gateway-server"
	refConnectivity = "Microsoft KB10066, Troubleshoot agent connectivity issues in Operations Manager: https://learn.microsoft.com/en-us/troubleshoot/system-center/scom/troubleshoot-agent-connectivity-issues"
	refGrayAgents   = "Microsoft KB2288515, Troubleshoot gray agent states in System Center Operations Manager: https://learn.microsoft.com/en-us/troubleshoot/system-center/scom/troubleshoot-gray-agent-states"
	refGateway      = "Microsoft Learn, Install a gateway server (MOMCertImport /SubjectName, gateway approval tool): https://learn.microsoft.com/en-us/system-center/scom/deploy-install-gateway-server"
)

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

	fixMOMCertImport = `Register the certificate with the connector: MOMCertImport.exe /SubjectName <computer FQDN> (from \SupportTools\AMD64 on the installation media; without arguments it opens a picker), then Restart-Service HealthService.`
	fixReimportPFX   = `Import the full PFX, key included, into the Local Computer Personal store (certlm.msc > Personal > All Tasks > Import, or Import-PfxCertificate -FilePath <file.pfx> -CertStoreLocation Cert:\LocalMachine\My -Password (Read-Host -AsSecureString)), then run MOMCertImport again and restart HealthService.`
	fixRepairStore   = `If the key is on the computer but no longer linked to the certificate, relink it: certutil -repairstore My <serial number>, then check certutil -store My again.`
)

// eventCatalog holds every event certlint knows, in ID order (init sorts it
// anyway). The first seventeen are the connector events of the field guide
// (refFieldFacts); 20051, 20066, 20071, 21021 and 21022 are added from
// Microsoft's troubleshooting articles, which are cited on each.
var eventCatalog = []Event{
	{
		ID:    20050,
		Title: "Certificate refused: its Enhanced Key Usage does not allow both Server and Client Authentication",
		Kind:  EventKindCertificate,
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
			"On the computer that logged the event: request a new certificate whose template or .inf lists both OIDs (1.3.6.1.5.5.7.3.1 and 1.3.6.1.5.5.7.3.2) under [EnhancedKeyUsageExtension], keep KeySpec=1 and a legacy CSP.",
			fixMOMCertImport,
		},
		Checks: []string{
			"certlm.msc > Personal > Certificates > open the certificate > Details > Enhanced Key Usage: both purposes must be listed",
			checkCertlint,
			checkEventLog,
		},
		References: []string{refFieldFacts, refObtainCert, refConnectivity},
	},
	{
		ID:    20051,
		Title: "Certificate refused: it is not valid right now (expired, not yet valid, or the clock is wrong)",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the computer whose own certificate is being loaded: the current date on this computer falls " +
			"outside the certificate's validity period, so the connector will not use it and certificate authentication " +
			"stops until a valid certificate is registered.",
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
		References: []string{refGrayAgents, refObtainCert},
	},
	{
		ID:    20057,
		Title: "Kerberos: no security context for MSOMHSvc/<server> (SPN or trust problem)",
		Kind:  EventKindKerberos,
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
		References: []string{refFieldFacts, refConnectivity},
	},
	{
		ID:    20066,
		Title: "The certificate registered for mutual authentication is not in the Personal store",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the computer whose registry names a certificate (ChannelCertificateSerialNumber, written by " +
			"MOMCertImport) that the connector then cannot find in the Local Computer Personal store. Until that is " +
			"fixed this health service cannot authenticate with certificates.",
		Causes: []string{
			"The certificate was renewed or re-enrolled (a new serial number) and MOMCertImport was not run again, so the registry still points at the old one.",
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
		References: []string{refConnectivity, refObtainCert, refKB947691},
	},
	{
		ID:    20068,
		Title: "The registered certificate has no private key, or one the connector cannot use",
		Kind:  EventKindCertificate,
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
			"If no copy of the key exists anywhere, request a new certificate on this computer (certreq -new with MachineKeySet=TRUE) and register it with MOMCertImport.",
		},
		Checks: []string{
			checkStoreMy,
			checkCertlm,
			checkCertlint,
			checkRegSerial,
		},
		References: []string{refFieldFacts, refConnectivity, refObtainCert},
	},
	{
		ID:    20069,
		Title: "Wrong key type: the private key must be an RSA key-exchange key (KEY_SPEC AT_KEYEXCHANGE) in a legacy CSP",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the computer whose own certificate is being loaded: the connector needs a key it can use for " +
			"key exchange, KeySpec 1 (AT_KEYEXCHANGE), held by a legacy CryptoAPI CSP. Microsoft does not support keys " +
			"held by a CNG key storage provider (KSP) for Operations Manager, and those report KeySpec 0.",
		Causes: []string{
			"The PFX marks the key as a signature key (KEY_SIG, AT_SIGNATURE), so Windows imports it for signing only.",
			"The key lives in a CNG KSP, for example \"Microsoft Software Key Storage Provider\" (the default of newer AD CS templates) or \"Microsoft Platform Crypto Provider\" (TPM).",
			"The key is not RSA (ECDSA cannot sit in a legacy CSP).",
			"The Key Usage extension lacks keyEncipherment, so the key cannot be used for key exchange.",
			"Field guides also blame a wrong EKU for this event; check the EKU too (see 20050).",
		},
		Fixes: []string{
			"Request a new certificate with: ProviderName = \"Microsoft RSA SChannel Cryptographic Provider\", ProviderType = 12, KeyAlgorithm = RSA, KeyLength = 2048 or more, KeySpec = 1, KeyUsage = 0xf0 (digital signature and key encipherment), MachineKeySet = TRUE; on an AD CS template pick Cryptography > Provider Category: Legacy Cryptography Service Provider.",
			"If the RSA key itself is fine but was imported into a KSP or as a signature key, re-import the PFX into a legacy CSP as an exchange key: certutil -csp \"Microsoft Enhanced RSA and AES Cryptographic Provider\" -importPFX My <file.pfx> AT_KEYEXCHANGE; then run MOMCertImport and restart HealthService.",
		},
		Checks: []string{
			checkPFXDump,
			checkStoreMy + "; a Provider line ending in \"Key Storage Provider\" means a CNG key",
			"certutil -v -store My <serial number>  (verbose: the key provider information shows the Provider and the KeySpec of the installed key)",
			checkCertlint,
		},
		References: []string{refFieldFacts, refObtainCert, refConnectivity},
	},
	{
		ID:    20070,
		Title: "Authenticated, then dropped: the server does not accept this agent (yet)",
		Kind:  EventKindGeneral,
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
		References: []string{refFieldFacts, refConnectivity, refGateway},
	},
	{
		ID:    20071,
		Title: "Connection closed before any authentication took place",
		Kind:  EventKindGeneral,
		Meaning: "Logged by the agent or gateway: it reached the server, but the connection ended before the two sides " +
			"authenticated each other. Microsoft lists it as an authentication failure; the matching event with the " +
			"real reason is usually on the server (for example 20002, a device that could not be authenticated) or " +
			"just before this one on the agent.",
		Causes: []string{
			"The server could not verify this computer: with Kerberos, the management server cannot reach a domain controller of the agent's domain (ports 88, 389, 53 blocked); with certificates, a certificate problem on either side.",
			"Something on the path to TCP 5723 interferes with the connection.",
		},
		Fixes: []string{
			"Read the Operations Manager log on both ends around the same minute and fix the authentication error found there (a 2005x/2006x/2007x certificate event or a Kerberos event).",
			"From the management server, open TCP/UDP 88, 389 and 53 to the domain controllers of the agent's domain, then restart HealthService on the agent.",
			"Make sure TCP 5723 is open from the agent to its gateway or management server.",
		},
		Checks: []string{
			checkEventLog + "  (on the agent and on the server)",
			checkPort5723,
			"From the management server: Test-NetConnection <agent-domain-dc> -Port 88 and -Port 389",
		},
		References: []string{refConnectivity},
	},
	{
		ID:    20072,
		Title: "Peer certificate refused as untrusted: its chain does not reach a root CA this computer trusts",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the computer that received a certificate (an agent receiving the gateway's or management " +
			"server's, or the reverse): it could not build a chain from that certificate to a root in its own Local " +
			"Computer Trusted Root Certification Authorities store. The fix is on the computer that logged the event, " +
			"not on the one whose certificate was refused.",
		Causes: []string{
			"The root CA that issued the other side's certificate was never imported into Local Computer > Trusted Root Certification Authorities here (typical for a stand-alone or third-party CA, or a workgroup/DMZ machine).",
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
		References: []string{refFieldFacts, refObtainCert, refKB947691, refConnectivity},
	},
	{
		ID:    20075,
		Title: "Cannot read the subject or issuer of this computer's own certificate",
		Kind:  EventKindCertificate,
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
		References: []string{refFieldFacts, refObtainCert},
	},
	{
		ID:    20076,
		Title: "Cannot read the subject or issuer of the certificate the other side presented",
		Kind:  EventKindCertificate,
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
		References: []string{refFieldFacts, refObtainCert},
	},
	{
		ID:    20077,
		Title: "The registered certificate's properties cannot be read (usually: no private key)",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the computer whose own certificate was registered with MOMCertImport: the connector could " +
			"not query the certificate's key properties. In practice this almost always means the certificate was " +
			"imported without its private key. Treat it like 20068 and 21036.",
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
		References: []string{refFieldFacts, refConnectivity, refKB947691},
	},
	{
		ID:    21001,
		Title: "Kerberos mutual authentication to MSOMHSvc/<fqdn> failed: check the SPN and the trust",
		Kind:  EventKindKerberos,
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
		References: []string{refFieldFacts, refConnectivity},
	},
	{
		ID:    21005,
		Title: "Name resolution failed: the upstream server's name does not resolve",
		Kind:  EventKindNetwork,
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
		References: []string{refFieldFacts, refConnectivity, refGateway},
	},
	{
		ID:    21006,
		Title: "TCP connection to port 5723 failed",
		Kind:  EventKindNetwork,
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
		References: []string{refFieldFacts, refConnectivity, refGrayAgents},
	},
	{
		ID:    21007,
		Title: "No mutually authenticated channel: the right certificates are not in place",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the agent or gateway: the target is outside its Kerberos trust (workgroup, DMZ, another forest), " +
			"so certificates are required, and no usable certificate pair was available. The certificate setup is " +
			"incomplete on one side or the other.",
		Causes: []string{
			"No certificate was ever registered with MOMCertImport on this computer, or on the server it talks to.",
			"The certificate is outside its validity period (expired, or not valid yet).",
			"The certificate's subject CN or DNS names do not name this computer's FQDN.",
			"The CA root is not trusted on one of the two computers.",
		},
		Fixes: []string{
			"Walk through the certificate steps of KB947691 on both ends: the CA root in Trusted Root Certification Authorities on each, a certificate with CN = the computer's FQDN on each, each imported with MOMCertImport, HealthService restarted.",
			"If the certificate has expired or names another host, issue a new one for this computer's FQDN and register it.",
		},
		Checks: []string{
			checkRegSerial + "  (no value: MOMCertImport was never run here)",
			checkStoreMy,
			"hostname  and  [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName  (the FQDN the certificate must name)",
			checkCertlint,
		},
		References: []string{refFieldFacts, refKB947691, refObtainCert, refConnectivity},
	},
	{
		ID:    21008,
		Title: "Target not trusted: untrusted domain or no domain controller reachable",
		Kind:  EventKindKerberos,
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
		References: []string{refFieldFacts},
	},
	{
		ID:    21016,
		Title: "No communication channel and no failover server: a symptom, look at the events before it",
		Kind:  EventKindGeneral,
		Meaning: "Logged by the agent or gateway when every server it may report to has failed. It does not name a " +
			"cause; the event logged just before it (21006, 21001, 20070, 21007, a certificate event...) does.",
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
		References: []string{refFieldFacts, refConnectivity},
	},
	{
		ID:    21021,
		Title: "No certificate could be loaded or created: certificate authentication is off for this computer",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the health service at start-up: it ended up with no certificate at all, so it cannot talk to " +
			"any health service that needs certificates. This is the summary; the events logged just before it say " +
			"what was wrong with the certificate.",
		Causes: []string{
			"The registered certificate was refused for a reason given in an earlier event: EKU (20050), validity (20051), not found (20066), private key (20068, 20077, 21036), key type (20069).",
		},
		Fixes: []string{
			"Find the certificate event logged just before this one and apply its fix, then run MOMCertImport again and restart HealthService.",
		},
		Checks: []string{
			checkEventLog,
			checkRegSerial,
			checkStoreMy,
		},
		References: []string{refConnectivity},
	},
	{
		ID:    21022,
		Title: "No certificate configured: only Kerberos peers in trusted domains can connect",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the health service at start-up when no certificate has been registered for it. That is " +
			"normal for a domain member that only talks to servers in trusted domains; it is a problem for an agent, " +
			"gateway or management server that has to authenticate across an untrusted boundary.",
		Causes: []string{
			"MOMCertImport was never run on this computer (or the registration was removed with MOMCertImport /Remove).",
		},
		Fixes: []string{
			"If this computer must talk across an untrusted boundary (workgroup, DMZ, other forest, gateway to management server): obtain a certificate for its FQDN and " + fixMOMCertImport,
		},
		Checks: []string{
			checkRegSerial + "  (absent when no certificate is registered)",
			checkStoreMy,
		},
		References: []string{refConnectivity, refGateway},
	},
	{
		ID:    21035,
		Title: "The health service could not register its SPN: Kerberos to and from it will fail",
		Kind:  EventKindKerberos,
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
		References: []string{refFieldFacts, refConnectivity},
	},
	{
		ID:    21036,
		Title: "Registered certificate unusable for authentication: no private key with it",
		Kind:  EventKindCertificate,
		Meaning: "Logged by the computer whose own certificate was registered with MOMCertImport: the certificate that " +
			"ChannelCertificateSerialNumber points to is in the Personal store, but without a usable private key. " +
			"The same root cause as 20068 and 20077.",
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
		References: []string{refFieldFacts, refConnectivity, refKB947691},
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
	return e
}

// LookupEvent returns the catalog entry for an "OpsMgr Connector" event ID
// (see Event). It returns false for an ID certlint does not know. The result
// is a copy: changing it does not change the catalog.
func LookupEvent(id int) (Event, bool) {
	i, ok := eventIndex[id]
	if !ok {
		return Event{}, false
	}
	return eventCatalog[i].clone(), true
}

// Events returns every event of the catalog, sorted by ID. The result is a
// deep copy: changing it does not change the catalog.
func Events() []Event {
	out := make([]Event, len(eventCatalog))
	for i, e := range eventCatalog {
		out[i] = e.clone()
	}
	return out
}

// LintsForEvent returns the registered lints (see Lints) whose primary Event
// or RelatedEvents include id, sorted by name; nil if there are none or id is
// not positive (0 means "no event" in OpsMgr metadata).
func LintsForEvent(id int) []*Lint {
	return lintsForEvent(Lints(), id)
}

// lintsForEvent filters lints by event; it is LintsForEvent without the
// global registry, so tests can run it on lints of their own.
func lintsForEvent(lints []*Lint, id int) []*Lint {
	if id <= 0 {
		return nil
	}
	var out []*Lint
	for _, l := range lints {
		if l == nil {
			continue
		}
		if l.Event == id || slices.Contains(l.RelatedEvents, id) {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
