package chartvalues

import "strings"

// ciliumTopKeys are the top-level keys of values.yaml in the Cilium charts
// 1.10.0 to 1.19.0 of helm.cilium.io, all of them together: a key in none
// of them is not a Cilium value. (Listed with: tar -xzOf cilium-X.tgz
// cilium/values.yaml | grep -E '^[A-Za-z]\w*:'.)
var ciliumTopKeys = setOf(`
	MTU affinity agent agentNotReadyTaintKey aksbyocni alibabacloud
	annotateK8sNode annotations apiRateLimit authentication
	autoDirectNodeRoutes azure bandwidthManager bgp bgpControlPlane bpf
	bpfClockProbe certgen cgroup ciliumEndpointSlice cleanBpfState
	cleanState cluster clustermesh cni commonLabels
	connectivityProbeFrequencyRatio conntrackGCInterval
	conntrackGCMaxInterval containerRuntime crdWaitTimeout customCalls
	daemon dashboards datapathMode debug defaultLBServiceIPAM
	directRoutingSkipUnreachable disableEndpointCRD dnsPolicy dnsProxy
	egressGateway enableCiliumEndpointSlice enableCnpStatusUpdates
	enableCriticalPriorityClass enableIPv4BIGTCP enableIPv4Masquerade
	enableIPv6BIGTCP enableIPv6Masquerade enableInternalTrafficPolicy
	enableK8sEventHandover enableK8sTerminatingEndpoint enableLBIPAM
	enableMasqueradeRouteSource enableNoServiceEndpointsRoutable
	enableNonDefaultDenyPolicies enableRuntimeDeviceDetection
	enableTunnelBIGTCP enableXTSocketFallback encryption
	endpointHealthChecking endpointLockdownOnMapOverflow endpointRoutes
	endpointStatus eni envoy envoyConfig etcd externalIPs externalWorkloads
	extraArgs extraConfig extraConfigmapMounts extraContainers extraEnv
	extraHostPathMounts extraInitContainers extraVolumeMounts extraVolumes
	forceDeviceDetection gatewayAPI gke healthCheckICMPFailureThreshold
	healthChecking healthPort highScaleIPcache hostFirewall hostPort
	hostServices hubble identityAllocationMode identityChangeGracePeriod
	identityManagementMode image imagePullSecrets ingressController
	initResources installIptablesRules installNoConntrackIptablesRules
	ipMasqAgent ipam iptablesRandomFully ipv4 ipv4NativeRoutingCIDR ipv6
	ipv6NativeRoutingCIDR ipvlan k8s k8sClientExponentialBackoff
	k8sClientRateLimit k8sNetworkPolicy k8sServiceHost k8sServiceHostRef
	k8sServiceLookupConfigMapName k8sServiceLookupNamespace k8sServicePort
	keepDeprecatedLabels keepDeprecatedProbes kubeConfigPath
	kubeProxyReplacement kubeProxyReplacementHealthzBindAddr
	l2NeighDiscovery l2announcements l2podAnnouncements l7Proxy
	livenessProbe loadBalancer localRedirectPolicies localRedirectPolicy
	logSystemLoad maglev monitor name namespaceOverride nat nat46x64Gateway
	nodeIPAM nodePort nodeSelector nodeSelectorLabels nodeinit operator
	pmtuDiscovery podAnnotations podDisruptionBudget podLabels
	podSecurityContext policyCIDRMatchMode policyDenyResponse
	policyEnforcementMode pprof preflight priorityClassName prometheus proxy
	rbac readinessProbe remoteNodeIdentity resourceQuotas resources
	rollOutCiliumPods routingMode scheduling sctp
	secretsNamespaceAnnotations secretsNamespaceLabels securityContext
	serviceAccounts serviceNoBackendResponse sleepAfterInit socketLB sockops
	standaloneDnsProxy startupProbe svcSourceRangeCheck synchronizeK8sNodes
	sysctlfix terminationGracePeriodSeconds tls tmpVolume tolerations tunnel
	tunnelPort tunnelProtocol tunnelSourcePortRange underlayProtocol
	updateStrategy upgradeCompatibility vtep waitForKubeProxy
	wellKnownIdentities
`)

// ciliumOwn are names, or prefixes of names before a dot, that only
// Cilium's chart has: a block naming none of them (only image.tag,
// resources, debug.enabled) is not taken as Cilium's.
var ciliumOwn = setOf(`
	aksbyocni alibabacloud autoDirectNodeRoutes bandwidthManager bgp
	bgpControlPlane bpf ciliumEndpointSlice cluster.id cluster.name
	clustermesh egressGateway enableCiliumEndpointSlice enableIPv4Masquerade
	enableIPv6Masquerade encryption eni gke hostFirewall hubble
	identityAllocationMode ipMasqAgent ipam ipv4NativeRoutingCIDR
	ipv6NativeRoutingCIDR k8sServiceHost k8sServicePort kubeProxyReplacement
	l2announcements l7Proxy localRedirectPolicy nodeinit policyEnforcementMode
	routingMode socketLB tunnel tunnelProtocol vtep wellKnownIdentities
`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
