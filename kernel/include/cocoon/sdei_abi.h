/* SDEI v1.1 (Arm DEN0054): the interface both sides speak, in one place.
 * The guest's client is kernel/arch/arm64/sdei.c, the shim's provider
 * shim/arch/arm64/sdei.c; both include this header. */
#ifndef COCOON_SDEI_ABI_H
#define COCOON_SDEI_ABI_H

/* Function IDs: SMC64 fast calls in the standard service range */
#define SDEI_VERSION 0xC4000020u
#define SDEI_EVENT_REGISTER 0xC4000021u
#define SDEI_EVENT_ENABLE 0xC4000022u
#define SDEI_EVENT_DISABLE 0xC4000023u
#define SDEI_EVENT_CONTEXT 0xC4000024u
#define SDEI_EVENT_COMPLETE 0xC4000025u
#define SDEI_EVENT_COMPLETE_AND_RESUME 0xC4000026u
#define SDEI_EVENT_UNREGISTER 0xC4000027u
#define SDEI_EVENT_STATUS 0xC4000028u
#define SDEI_EVENT_GET_INFO 0xC4000029u
#define SDEI_EVENT_ROUTING_SET 0xC400002Au
#define SDEI_PE_MASK 0xC400002Bu
#define SDEI_PE_UNMASK 0xC400002Cu
#define SDEI_INTERRUPT_BIND 0xC400002Du
#define SDEI_INTERRUPT_RELEASE 0xC400002Eu
#define SDEI_EVENT_SIGNAL 0xC400002Fu
#define SDEI_FEATURES 0xC4000030u
#define SDEI_PRIVATE_RESET 0xC4000031u
#define SDEI_SHARED_RESET 0xC4000032u
#define SDEI_FID_FIRST 0xC4000020u
#define SDEI_FID_LAST 0xC400003Fu /* the range reserved for SDEI */

/* Return codes */
#define SDEI_SUCCESS 0
#define SDEI_NOT_SUPPORTED (-1)
#define SDEI_INVALID_PARAMETERS (-2)
#define SDEI_DENIED (-3)
#define SDEI_PENDING (-5)
#define SDEI_OUT_OF_RESOURCE (-10)

/* EVENT_STATUS bits */
#define SDEI_STATUS_REGISTERED 1u
#define SDEI_STATUS_ENABLED 2u
#define SDEI_STATUS_RUNNING 4u

/* EVENT_GET_INFO info values */
#define SDEI_INFO_TYPE 0
#define SDEI_INFO_SIGNALED 1
#define SDEI_INFO_PRIORITY 2
#define SDEI_INFO_ROUTING_MODE 3
#define SDEI_INFO_ROUTING_AFF 4

/* EVENT_REGISTER flags */
#define SDEI_REGF_RM_PE 1u    /* bit 0: route to a PE */
#define SDEI_REGF_RELATIVE 2u /* bit 1 (v1.1): entry point relative */

/* FEATURES */
#define SDEI_FEATURE_BIND_SLOTS 0
#define SDEI_FEATURE_RELATIVE_MODE 1

#endif
