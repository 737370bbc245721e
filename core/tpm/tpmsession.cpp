#include "tpmsession.h"

#include "tpmmarshal_p.h"

#include <cstring>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

// How long one command may take. RSA key generation on a slow discrete TPM takes tens of
// seconds; a TPM that does not answer within this is treated as gone.
constexpr int32_t CommandTimeoutMs = 5 * 60 * 1000;

struct EsysFree
{
    void operator()(void *p) const { Esys_Free(p); }
};
template<typename T> using EsysPtr = std::unique_ptr<T, EsysFree>;

template<typename T2B> bool fill(T2B &target, const QByteArray &bytes)
{
    if (bytes.size() > qsizetype(sizeof(target.buffer)))
        return false;
    target.size = std::uint16_t(bytes.size());
    if (!bytes.isEmpty())
        std::memcpy(target.buffer, bytes.constData(), size_t(bytes.size()));
    return true;
}

template<typename T2B> QByteArray bytesOf(const T2B &source)
{
    return QByteArray(reinterpret_cast<const char *>(source.buffer), source.size);
}

Error badArgument(const QString &what)
{
    return tpmLocalError(TpmCodeInternal, u"Invalid input for a TPM command: %1."_s.arg(what));
}

QString unreachableFix(const QString &tcti)
{
    if (tcti.startsWith("swtpm"_L1) || tcti.startsWith("mssim"_L1)) {
        return u"Start the TPM simulator (swtpm socket --tpm2 ...) or correct the host and port "
               u"in the TCTI string."_s;
    }
    if (tcti.startsWith("tabrmd"_L1))
        return u"Start the TPM resource manager service (systemctl start tpm2-abrmd)."_s;
    return u"Check the TCTI string (--tcti or TSS2_TCTI) and that the TPM is available."_s;
}

TPM2B_PUBLIC storagePrimaryTemplate()
{
    TPM2B_PUBLIC pub {};
    TPMT_PUBLIC &area = pub.publicArea;
    area.type = TPM2_ALG_RSA;
    area.nameAlg = TPM2_ALG_SHA256;
    area.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT
        | TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA
        | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
    area.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_AES;
    area.parameters.rsaDetail.symmetric.keyBits.aes = 128;
    area.parameters.rsaDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    area.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
    area.parameters.rsaDetail.keyBits = 2048;
    area.parameters.rsaDetail.exponent = 0;
    area.unique.rsa.size = 0;
    return pub;
}

TPM2B_PUBLIC rsaKeyTemplate(bool daProtected)
{
    TPM2B_PUBLIC pub {};
    TPMT_PUBLIC &area = pub.publicArea;
    area.type = TPM2_ALG_RSA;
    area.nameAlg = TPM2_ALG_SHA256;
    area.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT
        | TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT
        | TPMA_OBJECT_DECRYPT;
    if (!daProtected)
        area.objectAttributes |= TPMA_OBJECT_NODA;
    area.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
    area.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
    area.parameters.rsaDetail.keyBits = 2048;
    area.parameters.rsaDetail.exponent = 0;
    return pub;
}

} // namespace

// ---- TpmHandle ---------------------------------------------------------------------------------

TpmHandle::TpmHandle(TpmHandle &&other) noexcept
    : m_session(std::exchange(other.m_session, nullptr))
    , m_handle(std::exchange(other.m_handle, 0))
{ }

TpmHandle &TpmHandle::operator=(TpmHandle &&other) noexcept
{
    if (this != &other) {
        flush();
        m_session = std::exchange(other.m_session, nullptr);
        m_handle = std::exchange(other.m_handle, 0);
    }
    return *this;
}

TpmHandle::~TpmHandle()
{
    flush();
}

void TpmHandle::flush()
{
    if (m_session)
        m_session->flush(m_handle);
    m_session = nullptr;
    m_handle = 0;
}

// ---- TpmSession --------------------------------------------------------------------------------

Result<std::unique_ptr<TpmSession>> TpmSession::open(const QString &tcti)
{
    std::unique_ptr<TpmSession> session(new TpmSession);
    session->m_tcti = tcti;

    const QByteArray conf = tcti.toUtf8();
    TSS2_TCTI_CONTEXT *tctiContext = nullptr;
    TSS2_RC rc = Tss2_TctiLdr_Initialize(conf.constData(), &tctiContext);
    if (rc != TSS2_RC_SUCCESS) {
        return tpmLocalError(TpmCodeUnreachable,
                             u"Could not connect to the TPM through \"%1\"."_s.arg(tcti),
                             unreachableFix(tcti),
                             u"Tss2_TctiLdr_Initialize: 0x%1 %2"_s.arg(rc, 8, 16, QLatin1Char('0'))
                                 .arg(QString::fromUtf8(Tss2_RC_Decode(rc))));
    }
    session->m_tctiContext = tctiContext;

    rc = Esys_Initialize(&session->m_esys, tctiContext, nullptr);
    if (rc != TSS2_RC_SUCCESS) {
        session->m_esys = nullptr;
        return tpmError(rc, u"Esys_Initialize");
    }
    Esys_SetTimeout(session->m_esys, CommandTimeoutMs);
    session->flushLeftoverObjects();
    return session;
}

void TpmSession::flushLeftoverObjects()
{
    // A connection sees only its own objects through a resource manager (/dev/tpmrm0, abrmd),
    // and a TPM without one (/dev/tpm0, swtpm) serves one connection at a time: any transient
    // object listed here belongs to a program that ended without flushing it.
    TPMS_CAPABILITY_DATA *data = nullptr;
    TSS2_RC rc = Esys_GetCapability(m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                    TPM2_CAP_HANDLES, TPM2_TRANSIENT_FIRST, TPM2_MAX_CAP_HANDLES,
                                    nullptr, &data);
    if (rc != TSS2_RC_SUCCESS) {
        qCDebug(lcTpm) << "could not list transient objects:"
                       << fail(rc, u"Esys_GetCapability(HANDLES)").detail;
        return;
    }
    const EsysPtr<TPMS_CAPABILITY_DATA> owned(data);
    for (UINT32 i = 0; i < data->data.handles.count; ++i) {
        ESYS_TR object = ESYS_TR_NONE;
        rc = Esys_TR_FromTPMPublic(m_esys, data->data.handles.handle[i], ESYS_TR_NONE,
                                   ESYS_TR_NONE, ESYS_TR_NONE, &object);
        if (rc == TSS2_RC_SUCCESS)
            rc = Esys_FlushContext(m_esys, object);
        if (rc != TSS2_RC_SUCCESS)
            qCDebug(lcTpm) << "could not flush a leftover transient object:"
                           << fail(rc, u"Esys_FlushContext").detail;
        else
            qCDebug(lcTpm, "flushed transient object 0x%08x left by another program",
                   data->data.handles.handle[i]);
    }
}

TpmSession::~TpmSession()
{
    if (m_esys)
        Esys_Finalize(&m_esys);
    if (m_tctiContext)
        Tss2_TctiLdr_Finalize(&m_tctiContext);
}

void TpmSession::flush(std::uint32_t handle)
{
    if (!m_esys || m_broken)
        return;
    const TSS2_RC rc = Esys_FlushContext(m_esys, handle);
    if (rc != TSS2_RC_SUCCESS) {
        const Error error = fail(rc, u"Esys_FlushContext");
        qCWarning(lcTpm) << "could not flush a transient object:" << error.detail;
    }
}

Error TpmSession::fail(std::uint32_t rc, QStringView operation)
{
    if (tpmErrorBreaksConnection(rc))
        m_broken = true;
    std::optional<TpmDaState> da;
    const TpmErrorKind kind = tpmErrorKind(rc);
    if (!m_broken && (kind == TpmErrorKind::WrongPin || kind == TpmErrorKind::LockedOut)) {
        const Result<TpmDaState> state = dictionaryAttackState();
        if (state)
            da = *state;
    }
    const Error error = tpmError(rc, operation, da);
    qCDebug(lcTpm) << error.detail;
    return error;
}

Status TpmSession::setAuth(std::uint32_t handle, const QByteArray &authValue)
{
    TPM2B_AUTH auth {};
    if (!fill(auth, authValue))
        return badArgument(u"authorization value longer than %1 bytes"_s.arg(sizeof(auth.buffer)));
    const TSS2_RC rc = Esys_TR_SetAuth(m_esys, handle, &auth);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_TR_SetAuth");
    return Success {};
}

Result<QMap<std::uint32_t, std::uint32_t>> TpmSession::properties()
{
    QMap<std::uint32_t, std::uint32_t> result;
    for (const std::uint32_t group : { std::uint32_t(TPM2_PT_FIXED), std::uint32_t(TPM2_PT_VAR) }) {
        std::uint32_t next = group;
        TPMI_YES_NO moreData = TPM2_YES;
        while (moreData == TPM2_YES) {
            TPMS_CAPABILITY_DATA *raw = nullptr;
            const TSS2_RC rc = Esys_GetCapability(m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                                  TPM2_CAP_TPM_PROPERTIES, next,
                                                  TPM2_MAX_TPM_PROPERTIES, &moreData, &raw);
            EsysPtr<TPMS_CAPABILITY_DATA> data(raw);
            if (rc != TSS2_RC_SUCCESS)
                return fail(rc, u"Esys_GetCapability(TPM_PROPERTIES)");
            const TPML_TAGGED_TPM_PROPERTY &list = data->data.tpmProperties;
            if (list.count == 0)
                break;
            for (std::uint32_t i = 0; i < list.count; ++i) {
                // Stop at the end of the group: the next group starts at group + 0x100.
                if (list.tpmProperty[i].property >= group + TPM2_PT_GROUP) {
                    moreData = TPM2_NO;
                    break;
                }
                result.insert(list.tpmProperty[i].property, list.tpmProperty[i].value);
                next = list.tpmProperty[i].property + 1;
            }
        }
    }
    return result;
}

Result<QList<std::uint16_t>> TpmSession::algorithms()
{
    QList<std::uint16_t> result;
    std::uint32_t next = TPM2_ALG_FIRST;
    TPMI_YES_NO moreData = TPM2_YES;
    while (moreData == TPM2_YES) {
        TPMS_CAPABILITY_DATA *raw = nullptr;
        const TSS2_RC rc
            = Esys_GetCapability(m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_ALGS,
                                 next, TPM2_MAX_CAP_ALGS, &moreData, &raw);
        EsysPtr<TPMS_CAPABILITY_DATA> data(raw);
        if (rc != TSS2_RC_SUCCESS)
            return fail(rc, u"Esys_GetCapability(ALGS)");
        const TPML_ALG_PROPERTY &list = data->data.algorithms;
        if (list.count == 0)
            break;
        for (std::uint32_t i = 0; i < list.count; ++i)
            result << list.algProperties[i].alg;
        next = std::uint32_t(list.algProperties[list.count - 1].alg) + 1;
    }
    return result;
}

Result<QList<std::uint16_t>> TpmSession::pcrBanks()
{
    TPMI_YES_NO moreData = TPM2_NO;
    TPMS_CAPABILITY_DATA *raw = nullptr;
    const TSS2_RC rc = Esys_GetCapability(m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                          TPM2_CAP_PCRS, 0, 1, &moreData, &raw);
    EsysPtr<TPMS_CAPABILITY_DATA> data(raw);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_GetCapability(PCRS)");
    QList<std::uint16_t> result;
    const TPML_PCR_SELECTION &list = data->data.assignedPCR;
    for (std::uint32_t i = 0; i < list.count; ++i) {
        const TPMS_PCR_SELECTION &bank = list.pcrSelections[i];
        bool allocated = false;
        for (std::uint8_t b = 0; b < bank.sizeofSelect && b < sizeof(bank.pcrSelect); ++b)
            allocated = allocated || bank.pcrSelect[b] != 0;
        if (allocated)
            result << bank.hash;
    }
    return result;
}

Result<QList<std::uint16_t>> TpmSession::eccCurves()
{
    QList<std::uint16_t> result;
    TPMI_YES_NO moreData = TPM2_NO;
    TPMS_CAPABILITY_DATA *raw = nullptr;
    const TSS2_RC rc
        = Esys_GetCapability(m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_ECC_CURVES,
                             TPM2_ECC_NONE, TPM2_MAX_ECC_CURVES, &moreData, &raw);
    EsysPtr<TPMS_CAPABILITY_DATA> data(raw);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_GetCapability(ECC_CURVES)");
    const TPML_ECC_CURVE &list = data->data.eccCurves;
    for (std::uint32_t i = 0; i < list.count; ++i)
        result << list.eccCurves[i];
    return result;
}

Status TpmSession::testRsaKeyBits(std::uint16_t keyBits)
{
    TPMT_PUBLIC_PARMS parms {};
    parms.type = TPM2_ALG_RSA;
    parms.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
    parms.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
    parms.parameters.rsaDetail.keyBits = keyBits;
    parms.parameters.rsaDetail.exponent = 0;
    const TSS2_RC rc = Esys_TestParms(m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &parms);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_TestParms(RSA)");
    return Success {};
}

Result<TpmDaState> TpmSession::dictionaryAttackState()
{
    // Read directly (not through fail()) so that a failure here cannot recurse.
    TPMI_YES_NO moreData = TPM2_NO;
    TPMS_CAPABILITY_DATA *raw = nullptr;
    const TSS2_RC rc = Esys_GetCapability(
        m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_TPM_PROPERTIES,
        TPM2_PT_PERMANENT, TPM2_PT_LOCKOUT_RECOVERY - TPM2_PT_PERMANENT + 1, &moreData, &raw);
    EsysPtr<TPMS_CAPABILITY_DATA> data(raw);
    if (rc != TSS2_RC_SUCCESS) {
        if (tpmErrorBreaksConnection(rc))
            m_broken = true;
        return tpmError(rc, u"Esys_GetCapability(DA state)");
    }
    TpmDaState state;
    const TPML_TAGGED_TPM_PROPERTY &list = data->data.tpmProperties;
    for (std::uint32_t i = 0; i < list.count; ++i) {
        const std::uint32_t value = list.tpmProperty[i].value;
        switch (list.tpmProperty[i].property) {
        case TPM2_PT_PERMANENT:
            state.inLockout = (value & TPMA_PERMANENT_INLOCKOUT) != 0;
            break;
        case TPM2_PT_LOCKOUT_COUNTER:
            state.failedTries = value;
            break;
        case TPM2_PT_MAX_AUTH_FAIL:
            state.maxTries = value;
            break;
        case TPM2_PT_LOCKOUT_INTERVAL:
            state.recoverySeconds = value;
            break;
        case TPM2_PT_LOCKOUT_RECOVERY:
            state.lockoutRecoverySeconds = value;
            break;
        default:
            break;
        }
    }
    return state;
}

Result<QByteArray> TpmSession::random(int bytes)
{
    QByteArray result;
    while (result.size() < bytes) {
        TPM2B_DIGEST *raw = nullptr;
        const auto wanted = std::uint16_t(qMin<qsizetype>(bytes - result.size(), 32));
        const TSS2_RC rc
            = Esys_GetRandom(m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, wanted, &raw);
        EsysPtr<TPM2B_DIGEST> digest(raw);
        if (rc != TSS2_RC_SUCCESS)
            return fail(rc, u"Esys_GetRandom");
        result += bytesOf(*digest);
    }
    return result;
}

Status TpmSession::setDictionaryAttackParameters(std::uint32_t maxTries,
                                                 std::uint32_t recoverySeconds,
                                                 std::uint32_t lockoutRecoverySeconds,
                                                 const QByteArray &lockoutAuth)
{
    if (Status status = setAuth(ESYS_TR_RH_LOCKOUT, lockoutAuth); !status)
        return status;
    const TSS2_RC rc = Esys_DictionaryAttackParameters(m_esys, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD,
                                                       ESYS_TR_NONE, ESYS_TR_NONE, maxTries,
                                                       recoverySeconds, lockoutRecoverySeconds);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_DictionaryAttackParameters");
    return Success {};
}

Status TpmSession::resetDictionaryAttackLockout(const QByteArray &lockoutAuth)
{
    if (Status status = setAuth(ESYS_TR_RH_LOCKOUT, lockoutAuth); !status)
        return status;
    const TSS2_RC rc = Esys_DictionaryAttackLockReset(m_esys, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD,
                                                      ESYS_TR_NONE, ESYS_TR_NONE);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_DictionaryAttackLockReset");
    return Success {};
}

Result<TpmHandle> TpmSession::storagePrimary()
{
    if (!m_primaryContext.isEmpty()) {
        if (const std::optional<TPMS_CONTEXT> saved
            = TpmMarshal::unmarshalContext(m_primaryContext)) {
            ESYS_TR handle = ESYS_TR_NONE;
            const TSS2_RC rc = Esys_ContextLoad(m_esys, &*saved, &handle);
            if (rc == TSS2_RC_SUCCESS)
                return TpmHandle(this, handle);
            // A TPM restart invalidates saved contexts: create the primary again.
            if (tpmErrorBreaksConnection(rc))
                return fail(rc, u"Esys_ContextLoad");
            qCDebug(lcTpm) << "saved storage primary context not loadable, recreating it";
        }
        m_primaryContext.clear();
    }

    if (Status status = setAuth(ESYS_TR_RH_OWNER, {}); !status)
        return status.error();
    const TPM2B_SENSITIVE_CREATE sensitive {};
    const TPM2B_PUBLIC inPublic = storagePrimaryTemplate();
    const TPM2B_DATA outsideInfo {};
    const TPML_PCR_SELECTION creationPcr {};
    ESYS_TR handle = ESYS_TR_NONE;
    TPM2B_PUBLIC *outPublic = nullptr;
    TPM2B_CREATION_DATA *creationData = nullptr;
    TPM2B_DIGEST *creationHash = nullptr;
    TPMT_TK_CREATION *creationTicket = nullptr;
    const TSS2_RC rc
        = Esys_CreatePrimary(m_esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                             &sensitive, &inPublic, &outsideInfo, &creationPcr, &handle, &outPublic,
                             &creationData, &creationHash, &creationTicket);
    Esys_Free(outPublic);
    Esys_Free(creationData);
    Esys_Free(creationHash);
    Esys_Free(creationTicket);
    if (rc != TSS2_RC_SUCCESS) {
        Error error = fail(rc, u"Esys_CreatePrimary");
        if (tpmErrorKind(rc) == TpmErrorKind::WrongPin) {
            error.message = u"The TPM's owner hierarchy has a password this program does not "
                            u"know, so it cannot create its storage key."_s;
            error.fix = u"Remove the owner password (tpm2_changeauth -c owner -p OLD) or clear the "
                        u"TPM from the firmware setup (this destroys keys of other programs)."_s;
        }
        return error;
    }
    TpmHandle primary(this, handle);

    TPMS_CONTEXT *saved = nullptr;
    const TSS2_RC saveRc = Esys_ContextSave(m_esys, handle, &saved);
    EsysPtr<TPMS_CONTEXT> savedPtr(saved);
    if (saveRc == TSS2_RC_SUCCESS)
        m_primaryContext = TpmMarshal::marshalContext(*saved);
    else if (tpmErrorBreaksConnection(saveRc))
        return fail(saveRc, u"Esys_ContextSave");
    return primary;
}

Result<TpmKeyBlob> TpmSession::createRsaKey(const TpmHandle &parent, const QByteArray &authValue,
                                            bool daProtected)
{
    TPM2B_SENSITIVE_CREATE sensitive {};
    if (!fill(sensitive.sensitive.userAuth, authValue))
        return badArgument(u"authorization value too long"_s);
    if (Status status = setAuth(parent.esysHandle(), {}); !status)
        return status.error();
    const TPM2B_PUBLIC inPublic = rsaKeyTemplate(daProtected);
    const TPM2B_DATA outsideInfo {};
    const TPML_PCR_SELECTION creationPcr {};
    TPM2B_PRIVATE *outPrivate = nullptr;
    TPM2B_PUBLIC *outPublic = nullptr;
    TPM2B_CREATION_DATA *creationData = nullptr;
    TPM2B_DIGEST *creationHash = nullptr;
    TPMT_TK_CREATION *creationTicket = nullptr;
    const TSS2_RC rc
        = Esys_Create(m_esys, parent.esysHandle(), ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                      &sensitive, &inPublic, &outsideInfo, &creationPcr, &outPrivate, &outPublic,
                      &creationData, &creationHash, &creationTicket);
    EsysPtr<TPM2B_PRIVATE> privatePtr(outPrivate);
    EsysPtr<TPM2B_PUBLIC> publicPtr(outPublic);
    Esys_Free(creationData);
    Esys_Free(creationHash);
    Esys_Free(creationTicket);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_Create");
    TpmKeyBlob blob;
    blob.publicArea = TpmMarshal::marshalPublic(*outPublic);
    blob.privateArea = TpmMarshal::marshalPrivate(*outPrivate);
    if (blob.isEmpty())
        return tpmLocalError(TpmCodeInternal, u"Could not encode the new TPM key."_s);
    return blob;
}

Result<TpmHandle> TpmSession::load(const TpmHandle &parent, const TpmKeyBlob &blob)
{
    const std::optional<TPM2B_PUBLIC> pub = TpmMarshal::unmarshalPublic(blob.publicArea);
    const std::optional<TPM2B_PRIVATE> priv = TpmMarshal::unmarshalPrivate(blob.privateArea);
    if (!pub || !priv) {
        return tpmLocalError(TpmCodeBadKeyFile, u"The stored TPM key is damaged."_s,
                             u"Delete the key and create it again."_s,
                             u"TPM2B_PUBLIC/TPM2B_PRIVATE do not unmarshal"_s);
    }
    if (Status status = setAuth(parent.esysHandle(), {}); !status)
        return status.error();
    ESYS_TR handle = ESYS_TR_NONE;
    const TSS2_RC rc = Esys_Load(m_esys, parent.esysHandle(), ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                 ESYS_TR_NONE, &*priv, &*pub, &handle);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_Load");
    return TpmHandle(this, handle);
}

Result<QByteArray> TpmSession::changeAuth(const TpmHandle &key, const TpmHandle &parent,
                                          const QByteArray &currentAuth, const QByteArray &newAuth)
{
    TPM2B_AUTH auth {};
    if (!fill(auth, newAuth))
        return badArgument(u"authorization value too long"_s);
    if (Status status = setAuth(key.esysHandle(), currentAuth); !status)
        return status.error();
    TPM2B_PRIVATE *outPrivate = nullptr;
    const TSS2_RC rc
        = Esys_ObjectChangeAuth(m_esys, key.esysHandle(), parent.esysHandle(), ESYS_TR_PASSWORD,
                                ESYS_TR_NONE, ESYS_TR_NONE, &auth, &outPrivate);
    EsysPtr<TPM2B_PRIVATE> privatePtr(outPrivate);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_ObjectChangeAuth");
    return TpmMarshal::marshalPrivate(*outPrivate);
}

Result<QByteArray> TpmSession::signRsassaSha256(const TpmHandle &key,
                                                const QByteArray &sha256Digest,
                                                const QByteArray &authValue)
{
    if (sha256Digest.size() != 32)
        return badArgument(u"a SHA-256 digest must be 32 bytes"_s);
    TPM2B_DIGEST digest {};
    fill(digest, sha256Digest);
    TPMT_SIG_SCHEME scheme {};
    scheme.scheme = TPM2_ALG_RSASSA;
    scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
    TPMT_TK_HASHCHECK validation {};
    validation.tag = TPM2_ST_HASHCHECK;
    validation.hierarchy = TPM2_RH_NULL;
    validation.digest.size = 0;
    if (Status status = setAuth(key.esysHandle(), authValue); !status)
        return status.error();
    TPMT_SIGNATURE *raw = nullptr;
    const TSS2_RC rc = Esys_Sign(m_esys, key.esysHandle(), ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                 ESYS_TR_NONE, &digest, &scheme, &validation, &raw);
    EsysPtr<TPMT_SIGNATURE> signature(raw);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_Sign");
    return bytesOf(signature->signature.rsassa.sig);
}

Result<QByteArray> TpmSession::rsaDecrypt(const TpmHandle &key, const QByteArray &input,
                                          RsaDecryptScheme scheme, const QByteArray &authValue)
{
    TPM2B_PUBLIC_KEY_RSA cipher {};
    if (!fill(cipher, input))
        return badArgument(u"RSA input longer than the key"_s);
    TPMT_RSA_DECRYPT decryptScheme {};
    if (scheme == RsaDecryptScheme::OaepSha1) {
        decryptScheme.scheme = TPM2_ALG_OAEP;
        decryptScheme.details.oaep.hashAlg = TPM2_ALG_SHA1;
    } else {
        decryptScheme.scheme = TPM2_ALG_NULL;
    }
    const TPM2B_DATA label {};
    if (Status status = setAuth(key.esysHandle(), authValue); !status)
        return status.error();
    TPM2B_PUBLIC_KEY_RSA *raw = nullptr;
    const TSS2_RC rc = Esys_RSA_Decrypt(m_esys, key.esysHandle(), ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                        ESYS_TR_NONE, &cipher, &decryptScheme, &label, &raw);
    EsysPtr<TPM2B_PUBLIC_KEY_RSA> message(raw);
    if (rc != TSS2_RC_SUCCESS)
        return fail(rc, u"Esys_RSA_Decrypt");
    return bytesOf(*message);
}

} // namespace Entra
