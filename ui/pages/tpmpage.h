#pragma once

#include "statuspage.h"
#include "tpm/tpmreport.h"
#include "tpm/tpmtcti.h"
#include "tpmpropertiesmodel.h"

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QTableView;

namespace Entra {
class TpmWorker;
}

namespace Entra::Ui {

// This computer's TPM, like Get-Tpm and tpm.msc: the verdict first (ready, or each reason with
// its fix), then every property in a table. The probe runs on the TPM worker thread; the page
// never waits for it.
class TpmPage : public StatusPage
{
    Q_OBJECT

public:
    explicit TpmPage(TctiOptions options = {}, QWidget *parent = nullptr);
    ~TpmPage() override;

    // The TPM belongs to this computer, not to an imported status: nothing to show from it.
    void showSnapshot(const StatusSnapshot &) override { }
    int attentionCount() const override;

    // Probes again (also done when the page is first shown).
    void refresh();
    // Shows the report of the device a support bundle came from instead (nullopt: the bundle
    // has none; `origin` names that device); refresh() or showThisComputer() go back to this
    // computer's TPM.
    void showImported(const std::optional<TpmReport> &report, const QString &origin);
    void showThisComputer();
    bool isShowingImported() const { return m_imported; }
    bool isProbing() const { return m_probing; }
    const std::optional<TpmReport> &report() const { return m_report; }
    Models::TpmPropertiesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void reportShown();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showReport(const TpmReport &report);

    TctiOptions m_options;
    std::shared_ptr<TpmWorker> m_worker;
    Models::TpmPropertiesModel *m_model;
    QLabel *m_verdict;
    QLabel *m_reasons;
    QLabel *m_origin;
    QPushButton *m_refresh;
    QTableView *m_view;
    std::optional<TpmReport> m_report;
    bool m_probing = false;
    bool m_imported = false;
    quint64 m_probeRequest = 0;
};

} // namespace Entra::Ui
