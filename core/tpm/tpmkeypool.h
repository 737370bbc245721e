#pragma once

#include "common/result.h"
#include "tpmkeyblob.h"

#include <QFuture>

#include <memory>
#include <optional>

namespace Entra {

class TpmWorker;

// Pre-generated TPM keys, so that PIN set-up does not wait for RSA key generation (seconds on a
// real TPM; Windows keeps such a pool too). Pool keys are DA-protected RSA-2048 blobs with an
// empty authValue, kept as files in `directory`; taking one re-wraps it for the PIN with
// TPM2_ObjectChangeAuth, which is fast. Filling runs on the TPM worker thread at background
// priority, one key per task, so other TPM requests go first.
class TpmKeyPool
{
public:
    TpmKeyPool(std::shared_ptr<TpmWorker> worker, QString directory, int targetSize);
    ~TpmKeyPool();

    QString directory() const;
    int targetSize() const;
    int available() const;

    // Starts generating the missing keys in the background. The future gives the number of
    // keys available once this batch is done (or the first error).
    QFuture<Result<int>> fill();

    // Removes one key from the pool and returns it; nothing when the pool is empty.
    std::optional<TpmKeyBlob> take();
    // Returns a key that could not be used because of a passing failure (connection lost).
    void giveBack(const TpmKeyBlob &blob);

private:
    struct State;
    std::shared_ptr<TpmWorker> m_worker;
    std::shared_ptr<State> m_state;
};

} // namespace Entra
