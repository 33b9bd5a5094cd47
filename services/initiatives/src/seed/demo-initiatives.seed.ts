import { type CommandContext, EntityRefRow, type Identity, monthIn, Platform } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { moveInitiative, proposeInitiative } from "../commands/media-initiative.commands";
import {
  cancelSession,
  markSessionHeld,
  publishSession,
  scheduleSession,
} from "../commands/initiative-session.commands";
import { LiaisonRefRow } from "../rows/liaison-ref.row";
import { MediaInitiativeRow } from "../rows/media-initiative.row";
import { InitiativeFormat } from "../schema/initiative-enums";

const SYSTEM: Identity = { sub: "system:seed", name: "Demo data", roles: ["ADMIN"] };
const { X, INSTAGRAM, YOUTUBE, NEWS, TIKTOK } = Platform;

type Outcome = "held" | "published" | "cancelled" | "scheduled";

interface DemoSession {
  initiative: "GIVE_ME_AN_UPDATE" | "MEET_AN_OFFICIAL";
  host: string;
  officialName: string;
  officialTitle: string;
  /** Days from now (negative: in the past). */
  inDays: number;
  topics: string[];
  mediaOutlets: string[];
  platforms: Platform[];
  outcome: Outcome;
  notes?: string;
}

const SESSIONS: DemoSession[] = [
  {
    initiative: "MEET_AN_OFFICIAL",
    host: "TAMKEEN",
    officialName: "حسين محمد رجب",
    officialTitle: "الرئيس التنفيذي لصندوق العمل",
    inDays: -38,
    topics: ["دعم المؤسسات الصغيرة", "التدريب والتوظيف"],
    mediaOutlets: ["أخبار الخليج", "الأيام", "البلاد", "الوطن"],
    platforms: [NEWS, X],
    outcome: "published",
    notes: "أول جلسة حوار صحفي: 14 صحفياً و22 سؤالاً",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "MOH",
    officialName: "د. مريم عذبي الجلاهمة",
    officialTitle: "الرئيس التنفيذي للمستشفيات الحكومية",
    inDays: -34,
    topics: ["المستشفيات الحكومية", "مواعيد العيادات"],
    mediaOutlets: ["تلفزيون البحرين"],
    platforms: [INSTAGRAM, YOUTUBE, X],
    outcome: "published",
    notes: "تحديث عن تقليص قوائم الانتظار",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "MOE",
    officialName: "د. محمد مبارك جمعة",
    officialTitle: "وزير التربية والتعليم",
    inDays: -30,
    topics: ["المدارس الجديدة"],
    mediaOutlets: ["تلفزيون البحرين"],
    platforms: [INSTAGRAM, YOUTUBE],
    outcome: "published",
    notes: "افتتاح ثلاث مدارس جديدة",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "MOTT",
    officialName: "محمد ثامر الكعبي",
    officialTitle: "وزير المواصلات والاتصالات",
    inDays: -27,
    topics: ["النقل العام", "مشروع المترو"],
    mediaOutlets: ["إذاعة البحرين"],
    platforms: [X, TIKTOK],
    outcome: "held",
    notes: "تحديث مراحل مشروع المترو",
  },
  {
    initiative: "MEET_AN_OFFICIAL",
    host: "MOL",
    officialName: "يوسف عبدالحسين خلف",
    officialTitle: "وزير العمل",
    inDays: -24,
    topics: ["التوظيف الوطني"],
    mediaOutlets: ["الأيام", "البلاد"],
    platforms: [NEWS],
    outcome: "published",
    notes: "حوار عن برنامج التوظيف الوطني",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "MOI",
    officialName: "العميد عبدالله الهاجري",
    officialTitle: "مدير عام المرور",
    inDays: -20,
    topics: ["السلامة المرورية"],
    mediaOutlets: ["تلفزيون البحرين"],
    platforms: [INSTAGRAM],
    outcome: "cancelled",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "MOFNE",
    officialName: "الشيخ سلمان بن خليفة آل خليفة",
    officialTitle: "وزير المالية والاقتصاد الوطني",
    inDays: -6,
    topics: ["الميزانية العامة"],
    mediaOutlets: ["تلفزيون البحرين"],
    platforms: [YOUTUBE, X],
    outcome: "held",
    notes: "شرح مؤشرات الربع الثالث",
  },
  {
    initiative: "MEET_AN_OFFICIAL",
    host: "MOIC",
    officialName: "عبدالله عادل فخرو",
    officialTitle: "وزير الصناعة والتجارة",
    inDays: -3,
    topics: ["السجل التجاري"],
    mediaOutlets: ["أخبار الخليج", "الوطن"],
    platforms: [NEWS, X],
    outcome: "published",
    notes: "إطلاق خدمات السجل التجاري الجديدة",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "MIA",
    officialName: "د. رمزان عبدالله النعيمي",
    officialTitle: "وزير شؤون الإعلام",
    inDays: 2,
    topics: ["الإعلام الرقمي"],
    mediaOutlets: ["تلفزيون البحرين"],
    platforms: [INSTAGRAM, YOUTUBE, X],
    outcome: "scheduled",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "EWA",
    officialName: "كمال بن أحمد محمد",
    officialTitle: "رئيس هيئة الكهرباء والماء",
    inDays: 4,
    topics: ["ترشيد الاستهلاك"],
    mediaOutlets: ["إذاعة البحرين"],
    platforms: [X, INSTAGRAM],
    outcome: "scheduled",
  },
  {
    initiative: "MEET_AN_OFFICIAL",
    host: "IGA",
    officialName: "محمد علي القائد",
    officialTitle: "الرئيس التنفيذي لهيئة المعلومات والحكومة الإلكترونية",
    inDays: 6,
    topics: ["الخدمات الإلكترونية"],
    mediaOutlets: ["الأيام", "البلاد"],
    platforms: [NEWS],
    outcome: "scheduled",
  },
  {
    initiative: "GIVE_ME_AN_UPDATE",
    host: "MOSD",
    officialName: "أسامة بن صالح العلوي",
    officialTitle: "وزير التنمية الاجتماعية",
    inDays: 9,
    topics: ["الأسر المنتجة"],
    mediaOutlets: ["تلفزيون البحرين"],
    platforms: [INSTAGRAM, YOUTUBE],
    outcome: "scheduled",
  },
];

/** The hosts and partners the demo initiatives need (the entities demo data registers them). */
export const DEMO_INITIATIVE_ENTITIES = [
  "NCC",
  "MIA",
  "TAMKEEN",
  ...new Set(SESSIONS.map((s) => s.host)),
];

/**
 * Loads the two initiatives of the story and a dozen sessions across ministries, last month and
 * this month, some held and published, through the commands, once the entity projection knows
 * the hosts. Returns how many sessions it scheduled (0 when initiatives already exist).
 */
export async function seedDemoInitiatives(
  db: DataSource,
  timeZone: string,
  now = new Date(),
): Promise<number> {
  if ((await db.getRepository(MediaInitiativeRow).count()) > 0) return 0;
  const refs = await db.getRepository(EntityRefRow).find();
  const idOf = new Map(refs.map((ref) => [ref.code, ref.id]));
  const missing = DEMO_INITIATIVE_ENTITIES.filter((code) => !idOf.has(code));
  if (missing.length > 0)
    throw new Error(`The initiatives service does not know ${missing.join(", ")} yet`);
  const liaisons = await db.getRepository(LiaisonRefRow).findBy({ active: true });
  const context: CommandContext = { requestId: "seed-demo-initiatives", identity: SYSTEM };
  const { year, month } = monthIn(now, timeZone);
  const last = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const launchedOn = `${last.year}-${String(last.month).padStart(2, "0")}-01`;

  const giveMeAnUpdate = await proposeInitiative(db, context, {
    code: "GIVE_ME_AN_UPDATE",
    titleAr: "عطني أبديت",
    titleEn: "Give me an update",
    description: "فيديوهات قصيرة ومقابلات يشرح فيها المسؤولون المشاريع والخطط الحكومية",
    format: InitiativeFormat.VIDEO_SERIES,
    partnerIds: [idOf.get("MIA")!, idOf.get("NCC")!],
  });
  const meetAnOfficial = await proposeInitiative(db, context, {
    code: "MEET_AN_OFFICIAL",
    titleAr: "لقاء مع مسؤول حكومي",
    titleEn: "Meet a government official",
    description:
      "جلسات حوار صحفي بين المسؤولين والصحفيين، بدأت مع صندوق العمل تمكين وتستمر مع كل الوزارات",
    format: InitiativeFormat.PRESS_DIALOGUE,
    partnerIds: [idOf.get("NCC")!, idOf.get("TAMKEEN")!],
  });
  for (const initiative of [giveMeAnUpdate, meetAnOfficial]) {
    await moveInitiative(db, context, initiative.id, "launch", launchedOn);
  }
  const initiativeIds = {
    GIVE_ME_AN_UPDATE: giveMeAnUpdate.id,
    MEET_AN_OFFICIAL: meetAnOfficial.id,
  };
  for (const demo of SESSIONS) {
    const hostEntityId = idOf.get(demo.host)!;
    const scheduledAt = new Date(now.getTime() + demo.inDays * 86_400_000);
    scheduledAt.setUTCHours(demo.initiative === "MEET_AN_OFFICIAL" ? 7 : 15, 0, 0, 0);
    const session = await scheduleSession(db, context, {
      initiativeId: initiativeIds[demo.initiative],
      hostEntityId,
      officialName: demo.officialName,
      officialTitle: demo.officialTitle,
      liaisonId: liaisons.find((l) => l.entityId === hostEntityId)?.id ?? null,
      scheduledAt,
      topics: demo.topics,
      mediaOutlets: demo.mediaOutlets,
      platforms: demo.platforms,
    });
    if (demo.outcome === "cancelled") {
      await cancelSession(db, context, session.id, "تعارض مع جدول المسؤول");
    } else if (demo.outcome === "held" || demo.outcome === "published") {
      const heldAt = scheduledAt < now ? scheduledAt : now;
      await markSessionHeld(db, context, session.id, heldAt, demo.notes);
      if (demo.outcome === "published") {
        await publishSession(
          db,
          context,
          session.id,
          `https://www.ncc.gov.bh/media/${demo.initiative.toLowerCase()}/${session.id}`,
          demo.platforms,
        );
      }
    }
  }
  return SESSIONS.length;
}
