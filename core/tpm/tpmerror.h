#pragma once

#include "common/error.h"

#include <QLoggingCategory>

#include <cstdint>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcTpm)

namespace Entra {

// The few things a TPM failure can mean to a person. Every TSS2_RC and every failure we detect
// ourselves (device missing, permission) collapses into one of these, in one place
// (tpmerror.cpp), the way tpm2-tools' tool_rc does.
enum class TpmErrorKind {
    None,
    NoDevice, // no TPM character device
    PermissionDenied, // the device exists but we may not open it (tss group / udev rule)
    Tpm12Only, // a TPM 1.2, which registration cannot use
    Unreachable, // the TCTI could not connect (simulator down, daemon not running)
    ConnectionLost, // the TPM stopped answering in the middle of a command
    WrongPin, // authorization failed; counts toward the dictionary-attack lockout
    LockedOut, // dictionary-attack lockout is active
    Busy, // retry / yielded / testing / canceled: try again
    OutOfMemory, // object or session slots exhausted (no resource manager)
    HierarchyDisabled, // the storage/endorsement hierarchy is switched off
    KeyMismatch, // a key blob that this TPM cannot load (TPM cleared, other TPM)
    KeyNotFound, // no key with that id in the store
    BadKeyFile, // a key file we cannot read or parse
    Unsupported, // algorithm, key size or scheme not supported
    WorkerStopped, // the TPM worker thread was shut down before the request ran
    Other,
};

// Codes for TPM-domain errors that have no TSS2_RC. They are negative so they can never collide
// with a TSS2_RC (an unsigned 32-bit value) in Error::code.
enum TpmLocalCode : qint64 {
    TpmCodeNoDevice = -1,
    TpmCodePermissionDenied = -2,
    TpmCodeTpm12Only = -3,
    TpmCodeKeyNotFound = -4,
    TpmCodeBadKeyFile = -5,
    TpmCodeWorkerStopped = -6,
    TpmCodeUnsupported = -7,
    TpmCodeNotATpm = -8,
    TpmCodeInternal = -9,
    TpmCodeUnreachable = -10, // the TCTI could not connect; the TSS2_RC is in the detail
};

// Dictionary-attack state, attached to wrong-PIN and lockout errors so the message can say how
// many tries are left and how long a lockout lasts.
struct TpmDaState
{
    bool inLockout = false;
    quint32 failedTries = 0; // TPM_PT_LOCKOUT_COUNTER
    quint32 maxTries = 0; // TPM_PT_MAX_AUTH_FAIL
    quint32 recoverySeconds = 0; // TPM_PT_LOCKOUT_INTERVAL: one failure is forgotten per interval
    quint32 lockoutRecoverySeconds = 0; // TPM_PT_LOCKOUT_RECOVERY
};

// Human-readable duration such as "10 minutes" or "1 hour 5 minutes".
QString formatTpmDuration(quint32 seconds);

// Decodes a TSS2_RC from `operation` (e.g. u"Esys_Sign") into an Error with a plain message and
// a fix; the Tss2_RC_Decode text goes to `detail`. `da`, when known, refines wrong-PIN and
// lockout messages.
Error tpmError(std::uint32_t rc, QStringView operation, const std::optional<TpmDaState> &da = {});

// An error we detected without a TSS2_RC.
Error tpmLocalError(TpmLocalCode code, const QString &message, const QString &fix = {},
                    const QString &detail = {});

// What kind of failure `error` is; TpmErrorKind::Other for non-TPM errors.
TpmErrorKind tpmErrorKind(const Error &error);
TpmErrorKind tpmErrorKind(std::uint32_t rc);

// True when the failure means the connection to the TPM is gone and the session must be
// reopened before the next command.
bool tpmErrorBreaksConnection(std::uint32_t rc);

} // namespace Entra
