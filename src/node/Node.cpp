#include "Node.h"

QString Node::stateText(State state)
{
    switch (state) {
    case State::Connecting:
        return tr("Connecting…");
    case State::Connected:
        return tr("Connected");
    case State::Unreachable:
        return tr("Unreachable");
    case State::WrongToken:
        return tr("Wrong token");
    case State::CertificateUntrusted:
        return tr("Certificate not trusted");
    case State::Unavailable:
        return tr("Unavailable");
    }
    return {};
}

QString Node::serverName(const QString& serverUuid) const
{
    for (const NodeServer& s : m_servers) {
        if (s.uuid == serverUuid)
            return s.name;
    }
    return {};
}

bool Node::hasServer(const QString& serverUuid) const
{
    for (const NodeServer& s : m_servers) {
        if (s.uuid == serverUuid)
            return s.onDisk;
    }
    return false;
}

void Node::setState(State state, const QString& message)
{
    if (state == m_state && message == m_stateMessage)
        return;
    m_state = state;
    m_stateMessage = message;
    Q_EMIT stateChanged(state);
}

void Node::setInfo(const NodeInfo& info)
{
    m_info = info;
    Q_EMIT infoChanged();
}

void Node::setServers(const QList<NodeServer>& servers)
{
    m_servers = servers;
    Q_EMIT serversChanged();
}
