/**
 * Where a 督办通知 goes besides the in-app notice table: SMS gateways, e-mail … Deployments plug in
 * their own sender; the default only writes a log line. Senders run after the notice is committed,
 * and a failing sender never undoes the notice (the in-app copy is the record).
 */
export const NOTICE_CHANNELS = ['sms', 'email'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export const NOTICE_CHANNEL_LABELS: Record<NoticeChannel | 'in_app', string> = {
  in_app: '站内',
  sms: '短信',
  email: '邮件',
};

export interface OutgoingNotice {
  noticeId: number;
  caseId: number;
  unitId: number;
  unitName: string;
  message: string;
  channel: NoticeChannel;
}

export interface NoticeSender {
  send(notice: OutgoingNotice): Promise<void>;
}

export function logNoticeSender(log: (line: string) => void): NoticeSender {
  return {
    async send(n) {
      log(
        `督办通知 #${n.noticeId}（案件 ${n.caseId}）经${NOTICE_CHANNEL_LABELS[n.channel]}发往「${n.unitName}」：${n.message}`,
      );
    },
  };
}
